package io.coldchain.server.ui;

import io.coldchain.routing.road.GeoPoint;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.roads.Roads;
import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.security.LandingPages;
import io.coldchain.server.web.InvalidFieldException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** What the pages need besides the feature APIs: who is signed in, the live stream, the roads. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "ui", description = "The signed-in user, the live-event stream and the map's road layer")
class UiController {

    /** At most this many road segments per request (a city district at street level). */
    static final int MAX_ROADS = 20_000;

    private final LiveEvents live;
    private final Roads roads;
    private final ColdchainProperties properties;

    UiController(LiveEvents live, Roads roads, ColdchainProperties properties) {
        this.live = live;
        this.roads = roads;
        this.properties = properties;
    }

    record Me(
            String username,
            String role,
            Long residentId,
            String landing,
            String timeZone,
            String tileUrl,
            String tileAttribution) {}

    @GetMapping("/me")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "The signed-in user, their page, the site's time zone and the map's tile source")
    Me me(@AuthenticationPrincipal CurrentUser user, Authentication auth) {
        return new Me(
                user.username(),
                user.role().name(),
                user.residentId(),
                LandingPages.of(auth),
                properties.orders().timeZone().getId(),
                properties.ui().tileUrl(),
                properties.ui().tileAttribution());
    }

    @GetMapping(value = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @PreAuthorize("isAuthenticated()")
    @Operation(
            summary = "Server-sent events: order, alert, command, custody, wave and telemetry",
            description = "Each user gets what their role may see (a resident: their own orders and pickups)."
                    + " `assets` names the assets whose readings to send (staff only). Reconnecting with"
                    + " `Last-Event-ID` replays what was missed; a heartbeat comes every 15 s.")
    SseEmitter live(
            @AuthenticationPrincipal CurrentUser user,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(name = "lastEventId", required = false) String lastEventIdParam,
            @RequestParam(required = false) String assets) {
        Long last = parseId(lastEventId != null ? lastEventId : lastEventIdParam);
        Set<String> watched = new LinkedHashSet<>();
        if (assets != null && !assets.isBlank()) {
            Arrays.stream(assets.split(","))
                    .map(String::trim)
                    .filter(a -> !a.isEmpty())
                    .limit(500)
                    .forEach(watched::add);
        }
        return live.open(user, last, watched);
    }

    @GetMapping("/map/roads")
    @PreAuthorize("isAuthenticated()")
    @Operation(
            summary = "The roads of the routing graph inside a box, as GeoJSON",
            description = "`bbox` is `minLon,minLat,maxLon,maxLat`; at most 20,000 road segments"
                    + " (`truncated` says when more were there)")
    Map<String, Object> roads(@RequestParam String bbox) {
        double[] b = parseBox(bbox);
        List<List<GeoPoint>> lines =
                roads.routing().roadsWithin(new GeoPoint(b[1], b[0]), new GeoPoint(b[3], b[2]), MAX_ROADS + 1);
        boolean truncated = lines.size() > MAX_ROADS;
        List<List<double[]>> coordinates = new ArrayList<>();
        for (List<GeoPoint> line : truncated ? lines.subList(0, MAX_ROADS) : lines) {
            List<double[]> coords = new ArrayList<>(line.size());
            for (GeoPoint p : line) {
                coords.add(new double[] {round(p.lon()), round(p.lat())});
            }
            coordinates.add(coords);
        }
        Map<String, Object> geometry = Map.of("type", "MultiLineString", "coordinates", coordinates);
        return Map.of(
                "type",
                "FeatureCollection",
                "features",
                List.of(Map.of("type", "Feature", "properties", Map.of("layer", "roads"), "geometry", geometry)),
                "truncated",
                truncated);
    }

    private static double[] parseBox(String bbox) {
        String[] parts = bbox.split(",");
        if (parts.length != 4) {
            throw new InvalidFieldException("bbox", "give minLon,minLat,maxLon,maxLat");
        }
        double[] b = new double[4];
        try {
            for (int i = 0; i < 4; i++) {
                b[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new InvalidFieldException("bbox", "give four numbers: minLon,minLat,maxLon,maxLat");
        }
        if (b[0] >= b[2] || b[1] >= b[3] || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90) {
            throw new InvalidFieldException(
                    "bbox", "minLon < maxLon and minLat < maxLat, within -180..180 and -90..90");
        }
        return b;
    }

    private static Long parseId(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }
}
