package io.coldchain.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.ColdchainServer;
import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Each role's main path in a real headless Chromium, on the embedded system (in-process PostgreSQL
 * and broker, the demo city, its simulated devices and locker banks): quality sees the demo's
 * excursion appear live and handles it, the dispatcher plans a wave and sees it on the map, the
 * courier opens every stop's compartments, the resident sees the code and collects. Screenshots
 * go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolePagesBrowserIT {

    static final Duration SHORT = Duration.ofSeconds(20);

    ConfigurableApplicationContext app;
    int port;
    ApiClient admin;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("coldchain-ui-it-");
        app = new SpringApplicationBuilder(ColdchainServer.class)
                .run(
                        "--server.port=0",
                        "--coldchain.demo.enabled=true",
                        "--coldchain.demo.simulate-interval-s=5",
                        "--coldchain.demo.excursion-after=PT5S",
                        "--coldchain.ui.live-telemetry-interval=PT2S",
                        "--coldchain.embedded.data-dir=" + data,
                        "--coldchain.embedded.fresh=true",
                        "--coldchain.embedded.mqtt-port=0");
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        admin = ApiClient.as(port, "admin", "demo");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void qualitySeesTheExcursionAppearLiveAcknowledgesAndResolvesIt() {
        try (Browser browser = Browser.open(port)) {
            assertThat(browser.signIn("quality", "demo")).isEqualTo("/quality");
            browser.await(SHORT, By.cssSelector("#alerts tr"));
            assertThat(browser.text(By.id("alerts"))).doesNotContain("LB-0003/CHILLED");
            // the live chart of the first asset is drawn, and grows with the simulator's readings
            browser.await(SHORT, By.cssSelector("#asset-chart canvas"));
            browser.script("window.samePage = true;");

            // the demo's LB-0003 runs warm from the start; its alert needs 15 minutes above 5 °C.
            // Shorten that to 20 s for this bank (a per-probe override, as a site would set it): the
            // next reading raises the alert, and the board must show it without a reload
            shortenChilledAlert("LB-0003", 20);
            WebElement row = browser.await(
                    Duration.ofSeconds(120),
                    By.xpath(
                            "//tbody[@id='alerts']/tr[contains(., 'LB-0003/CHILLED') and contains(., 'TEMPERATURE_HIGH')]"));
            assertThat(browser.script("return window.samePage === true;")).isEqualTo(true);
            assertThat(browser.text(By.id("live-state"))).isEqualTo("live");

            row.click();
            browser.waitUntil(
                    SHORT, d -> d.findElement(By.id("detail")).getText().contains("LB-0003/CHILLED"));
            browser.await(SHORT, By.cssSelector("#excursion-chart canvas"));
            assertThat(browser.text(By.id("detail"))).contains("band 0 … 4 °C").contains("degree-minutes");
            browser.screenshot("quality-alert");
            assertThat(browser.accessibilityViolations()).isEmpty();

            browser.driver().findElement(By.id("comment")).sendKeys("technician called");
            browser.driver().findElement(By.id("ack")).click();
            browser.waitUntil(
                    SHORT,
                    d -> d.findElement(By.cssSelector("#detail h3")).getText().contains("ACKNOWLEDGED"));
            browser.driver().findElement(By.id("resolve")).click();
            browser.waitUntil(
                    SHORT,
                    d -> d.findElement(By.cssSelector("#detail h3")).getText().contains("RESOLVED"));
            assertThat(browser.text(By.id("detail"))).contains("ACKNOWLEDGED by quality: technician called");
            JsonNode alerts = admin.get("/api/v1/alerts?assetId=LB-0003/CHILLED&type=TEMPERATURE_HIGH")
                    .body();
            assertThat(alerts.get(0).get("status").asString()).isEqualTo("RESOLVED");
            browser.screenshot("quality");
        }
    }

    @Test
    @Order(2)
    void dispatcherPlansAWaveAndSeesItOnTheMap() {
        try (Browser browser = Browser.open(port)) {
            assertThat(browser.signIn("dispatcher", "demo")).isEqualTo("/dispatcher");
            // the roads come from the routing graph (no tile server here), the banks are on the map
            browser.waitUntil(SHORT, d -> d.findElement(By.id("map")).getAttribute("data-roads") != null);
            assertThat(Integer.parseInt(
                            browser.driver().findElement(By.id("map")).getAttribute("data-roads")))
                    .isGreaterThan(50);
            browser.waitUntil(
                    SHORT, d -> d.findElement(By.id("queue")).getText().contains("#"));

            browser.driver().findElement(By.id("run-assignment")).click();
            browser.waitUntil(
                    SHORT,
                    d -> d.findElement(By.id("assignment-result")).getText().contains("orders to lockers"));
            assertThat(browser.text(By.id("assignment-result"))).contains("24 orders to lockers");

            browser.driver().findElement(By.id("wave-limit")).clear();
            browser.driver().findElement(By.id("wave-limit")).sendKeys("3");
            browser.driver().findElement(By.id("plan-wave")).click();
            browser.await(SHORT, By.id("wave-bar"));
            browser.waitUntil(
                    Duration.ofSeconds(60),
                    d -> d.findElement(By.id("wave-status")).getText().contains("PLANNED"));
            List<WebElement> routes = browser.waitUntil(SHORT, d -> {
                List<WebElement> found = d.findElements(By.cssSelector("article.route"));
                return found.isEmpty() ? null : found;
            });
            // each route drawn on the map, with its stops, ETAs and loads listed
            browser.waitUntil(
                    SHORT,
                    d -> d.findElements(By.cssSelector("path.route-line")).size() == routes.size());
            assertThat(browser.text(By.id("routes")))
                    .contains("LB-0001")
                    .contains("ETA")
                    .contains("CHILLED");
            assertThat(browser.text(By.id("wave-status")))
                    .contains("24 parcels planned")
                    .contains("0 left out");
            // vehicles and their compartment temperatures arrive live
            browser.waitUntil(
                    SHORT, d -> d.findElement(By.id("vehicles")).getText().matches("(?s).*CHILLED -?\\d+\\.\\d °C.*"));
            browser.screenshot("dispatcher");
            assertThat(browser.accessibilityViolations()).isEmpty();

            int approved = 0;
            for (WebElement button : browser.all(By.cssSelector("[data-approve]"))) {
                button.click();
                approved++;
            }
            int expected = approved;
            browser.waitUntil(
                    SHORT, d -> d.findElements(By.cssSelector("[data-start]")).size() == expected);
            assertThat(approved).isEqualTo(routes.size());
        }
    }

    @Test
    @Order(3)
    void courierStartsTheRoutesAndOpensEveryStop() {
        try (Browser browser = Browser.open(port)) {
            assertThat(browser.signIn("courier", "demo")).isEqualTo("/courier");
            browser.await(SHORT, By.cssSelector("[data-start]"));
            while (!browser.all(By.cssSelector("[data-start]")).isEmpty()) {
                int before = browser.all(By.cssSelector("[data-start]")).size();
                browser.script("document.querySelector('[data-start]').click();");
                browser.waitUntil(
                        SHORT,
                        d -> d.findElements(By.cssSelector("[data-start]")).size() < before);
            }
            boolean shot = false;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!browser.all(By.cssSelector("[data-open]")).isEmpty()) {
                assertThat(System.nanoTime()).as("every stop delivered in time").isLessThan(deadline);
                // find and press in one step: the page re-renders as the doors report
                String stop = (String)
                        browser.script(
                                "const b = document.querySelector('[data-open]'); if (!b) return null; b.click(); return b.dataset.open;");
                if (stop == null) {
                    break;
                }
                // the bank opens each compartment, the courier sees each command's state live
                By states = By.cssSelector("[data-cmd^='" + stop + "/'] .badge");
                browser.waitUntil(SHORT, d -> !d.findElements(states).isEmpty());
                if (!shot) {
                    browser.waitUntil(SHORT, d -> d.findElements(states).stream()
                            .anyMatch(b ->
                                    b.getText().equals("OPENED") || b.getText().equals("CLOSED")));
                    browser.script("document.querySelector(\"[data-stop='" + stop + "']\").scrollIntoView();");
                    browser.screenshot("courier");
                    assertThat(browser.accessibilityViolations()).isEmpty();
                    browser.fitsAPhone("courier-phone");
                    shot = true;
                }
                browser.waitUntil(
                        Duration.ofSeconds(40), d -> d.findElements(By.cssSelector("[data-open='" + stop + "']"))
                                .isEmpty());
            }
            assertThat(shot).isTrue();
            JsonNode ready = admin.get("/api/v1/orders?state=READY_FOR_PICKUP").body();
            assertThat(ready.size()).isEqualTo(24);
        }
    }

    @Test
    @Order(4)
    void residentSeesTheCodeAndCollects() {
        try (Browser browser = Browser.open(port)) {
            assertThat(browser.signIn("resident1", "demo")).isEqualTo("/resident");
            WebElement code = browser.await(SHORT, By.cssSelector("[data-code]"));
            assertThat(code.getText()).matches("\\d{6}");
            String orderId = code.getAttribute("data-code");
            // the QR image loads (the resident's own), and the bank is on the map
            browser.waitUntil(SHORT, d -> (Boolean) browser.script(
                    "const i = document.querySelector('img.qr'); return i.complete && i.naturalWidth > 0;"));
            assertThat(browser.driver().findElement(By.id("map")).getAttribute("data-banks"))
                    .isEqualTo("1");
            browser.screenshot("resident");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.fitsAPhone("resident-phone");

            browser.driver()
                    .findElement(By.cssSelector("[data-collect='" + orderId + "']"))
                    .click();
            browser.waitUntil(SHORT, d -> d.findElement(By.cssSelector("[data-pickup-state='" + orderId + "']"))
                    .getText()
                    .contains("ompartment"));
            // the door closes 5 s later: the order is COLLECTED, and the page says so live
            WebElement collected = browser.await(
                    Duration.ofSeconds(40),
                    By.xpath("//div[@data-order='" + orderId + "' and .//span[contains(., 'COLLECTED')]]"));
            assertThat(admin.get("/api/v1/orders/" + orderId)
                            .body()
                            .get("state")
                            .asString())
                    .isEqualTo("COLLECTED");
            collected.findElement(By.cssSelector("button[type=submit]")).click();
            browser.waitUntil(SHORT, d -> d.findElement(By.cssSelector("[data-order='" + orderId + "']"))
                    .getText()
                    .contains("Thank you"));
            browser.screenshot("resident-collected");
        }
    }

    @Test
    @Order(5)
    void aResidentsBrowserSeesOnlyTheirOwnAndCannotForgeRequests() {
        try (Browser browser = Browser.open(port)) {
            browser.signIn("resident1", "demo");
            JsonNode others = admin.get("/api/v1/orders?limit=100").body();
            long otherOrder = -1;
            long ownOrder = -1;
            long mine = ApiClient.as(port, "resident1", "demo")
                    .get("/api/v1/residents/me")
                    .body()
                    .get("id")
                    .asLong();
            for (JsonNode o : others) {
                if (o.get("residentId").asLong() != mine) {
                    otherOrder = o.get("id").asLong();
                } else {
                    ownOrder = o.get("id").asLong();
                }
            }
            assertThat(otherOrder).isPositive();
            assertThat(browser.fetchStatus("/api/v1/orders/" + ownOrder, "{}")).isEqualTo(200);
            assertThat(browser.fetchStatus("/api/v1/orders/" + otherOrder, "{}"))
                    .isIn(403L, 404L);
            assertThat(browser.fetchStatus("/api/v1/orders/" + otherOrder + "/pickup", "{}"))
                    .isIn(403L, 404L);
            assertThat(browser.fetchStatus("/api/v1/orders/" + otherOrder + "/cold-chain", "{}"))
                    .isIn(403L, 404L);
            // staff endpoints refuse the resident's session
            assertThat(browser.fetchStatus("/api/v1/alerts", "{}")).isEqualTo(403);
            assertThat(
                            browser.fetchStatus(
                                    "/api/v1/waves",
                                    "{\"method\":\"POST\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{}\"}"))
                    .isEqualTo(403);
            // a state-changing call without the CSRF token is refused, with it it goes through
            String extend = "/api/v1/orders/" + ownOrder + "/extend";
            assertThat(browser.fetchStatus(extend, "{\"method\":\"POST\"}")).isEqualTo(403);
            String token = (String)
                    browser.script("return decodeURIComponent(document.cookie.match(/XSRF-TOKEN=([^;]+)/)[1]);");
            assertThat(browser.fetchStatus(
                            extend, "{\"method\":\"POST\",\"headers\":{\"X-XSRF-TOKEN\":\"" + token + "\"}}"))
                    .isNotEqualTo(403);
            // another role's page is a 403 page, not an empty screen
            browser.go("/quality");
            assertThat(browser.text(By.tagName("h1"))).contains("403");
            // signing out ends the session: the API refuses the page's cookie
            browser.go("/resident");
            browser.waitUntil(
                    SHORT, d -> d.findElement(By.id("live-state")).getText().equals("live"));
            browser.await(SHORT, By.id("sign-out")).click();
            browser.waitUntil(SHORT, d -> d.getCurrentUrl().contains("/login?logout"));
            assertThat(browser.fetchStatus("/api/v1/orders", "{}")).isEqualTo(401);
        }
    }

    private void shortenChilledAlert(String deviceId, int forS) {
        JsonNode device = admin.get("/api/v1/devices/" + deviceId).body();
        Map<String, Object> probes = new LinkedHashMap<>();
        for (var e : device.get("probes").properties()) {
            JsonNode p = e.getValue();
            String assetId = p.get("assetId").asString();
            Map<String, Object> probe = new LinkedHashMap<>();
            probe.put("assetKind", p.get("assetKind").asString());
            probe.put("ownerId", assetId.substring(0, assetId.indexOf('/')));
            probe.put("zone", p.get("zone").asString());
            probe.put("forS", e.getKey().equals("chilled") ? forS : null);
            probes.put(e.getKey(), probe);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportingIntervalS", device.get("reportingIntervalS").asInt());
        body.put("probes", probes);
        body.put("version", device.get("version").asLong());
        assertThat(admin.put("/api/v1/devices/" + deviceId, body).status()).isEqualTo(200);
    }
}
