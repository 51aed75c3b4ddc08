package io.coldchain.routing.solomon;

import io.coldchain.routing.vrp.Objective;
import io.coldchain.routing.vrp.TimeWindow;
import io.coldchain.routing.vrp.TravelCosts;
import io.coldchain.routing.vrp.VrpJob;
import io.coldchain.routing.vrp.VrpProblem;
import io.coldchain.routing.vrp.VrpVehicle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Solomon instance: customer 0 is the depot; Euclidean distances in double precision; travel
 * time equals distance; service must start by the due date; routes return by the depot's due date.
 *
 * @param x coordinates by customer number (0 is the depot)
 */
public record SolomonInstance(
        String name,
        int vehicles,
        double capacity,
        double[] x,
        double[] y,
        double[] demand,
        double[] ready,
        double[] due,
        double[] service) {

    /** Reads Solomon's own layout ({@code .txt}) or the TSPLIB layout of LKH-3 ({@code .vrptw}). */
    public static SolomonInstance read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (TsplibVrptw.looksLikeOne(lines)) {
            return TsplibVrptw.parse(lines, file.getFileName().toString().replaceFirst("\\..*$", ""));
        }
        String name = lines.get(0).trim();
        int vehicles = -1;
        double capacity = -1;
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).trim().split("\\s+");
            if (lines.get(i).trim().toUpperCase().startsWith("VEHICLE")) {
                for (int k = i + 1; k < Math.min(i + 4, lines.size()) && vehicles < 0; k++) {
                    String[] nums = lines.get(k).trim().split("\\s+");
                    if (nums.length == 2 && nums[0].matches("\\d+") && nums[1].matches("\\d+")) {
                        vehicles = Integer.parseInt(nums[0]);
                        capacity = Double.parseDouble(nums[1]);
                    }
                }
            } else if (parts.length == 7 && lines.get(i).trim().matches("[-0-9.\\s]+")) {
                double[] row = new double[7];
                for (int k = 0; k < 7; k++) {
                    row[k] = Double.parseDouble(parts[k]);
                }
                rows.add(row);
            }
        }
        if (vehicles < 0 || rows.isEmpty() || rows.get(0)[0] != 0) {
            throw new IOException("not a Solomon instance: " + file);
        }
        int n = rows.size();
        double[] x = new double[n],
                y = new double[n],
                demand = new double[n],
                ready = new double[n],
                due = new double[n],
                service = new double[n];
        for (double[] row : rows) {
            int c = (int) row[0];
            x[c] = row[1];
            y[c] = row[2];
            demand[c] = row[3];
            ready[c] = row[4];
            due[c] = row[5];
            service[c] = row[6];
        }
        return new SolomonInstance(name, vehicles, capacity, x, y, demand, ready, due, service);
    }

    public int customers() {
        return x.length - 1;
    }

    public double distance(int a, int b) {
        return Math.hypot(x[a] - x[b], y[a] - y[b]);
    }

    /** Jobs are named by customer number; location index equals customer number. */
    public VrpProblem toProblem() {
        TravelCosts euclid = new TravelCosts() {
            @Override
            public int size() {
                return x.length;
            }

            @Override
            public double time(int from, int to) {
                return distance(from, to);
            }

            @Override
            public double distance(int from, int to) {
                return SolomonInstance.this.distance(from, to);
            }
        };
        List<VrpJob> jobs = new ArrayList<>();
        for (int c = 1; c < x.length; c++) {
            jobs.add(VrpJob.simple(
                    Integer.toString(c), c, new double[] {demand[c]}, new TimeWindow(ready[c], due[c]), service[c]));
        }
        List<VrpVehicle> fleet = new ArrayList<>();
        for (int v = 0; v < vehicles; v++) {
            fleet.add(new VrpVehicle("v" + (v + 1), "depot", 0, new double[] {capacity}, ready[0], due[0]));
        }
        return new VrpProblem(jobs, fleet, euclid, Objective.DISTANCE);
    }
}
