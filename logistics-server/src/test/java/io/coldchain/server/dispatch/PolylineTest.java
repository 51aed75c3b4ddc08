package io.coldchain.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.routing.road.GeoPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolylineTest {

    @Test
    void encodesTheReferenceExample() {
        // the format's documented example
        List<GeoPoint> points =
                List.of(new GeoPoint(38.5, -120.2), new GeoPoint(40.7, -120.95), new GeoPoint(43.252, -126.453));
        assertThat(Polyline.encode(points)).isEqualTo("_p~iF~ps|U_ulLnnqC_mqNvxq`@");
        assertThat(Polyline.decode("_p~iF~ps|U_ulLnnqC_mqNvxq`@")).isEqualTo(points);
    }
}
