package io.coldchain.server.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) with a fresh
 * profile, signed in through the sign-in form like a person. Where neither is installed the test
 * is skipped with the command that installs them, unless {@code COLDCHAIN_TEST_REQUIRE_BROWSER} is
 * set (CI sets it, after installing them), in which case it fails.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;
    private final int port;

    private Browser(int port) throws IOException {
        this.port = port;
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("COLDCHAIN_TEST_REQUIRE_BROWSER") != null) {
            throw new IllegalStateException("the UI tests need Debian's chromium and chromium-driver:"
                    + " apt-get install -y chromium chromium-driver");
        }
        assumeTrue(
                installed,
                "the UI tests need Debian's chromium and chromium-driver (apt-get install -y chromium"
                        + " chromium-driver; .ci/run installs them)");
        profile = Files.createTempDirectory("coldchain-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--window-size=1400,1100",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    /** A fresh browser on the server at {@code port}. */
    public static Browser open(int port) {
        try {
            return new Browser(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs in through the form at /login; returns the page it landed on (its path). */
    public String signIn(String username, String password) {
        go("/login");
        WebElement user = driver.findElement(By.id("username"));
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        waitUntil(Duration.ofSeconds(20), d -> !d.getCurrentUrl().endsWith("/login"));
        return path();
    }

    public void go(String path) {
        driver.get("http://localhost:" + port + path);
    }

    public String path() {
        String url = driver.getCurrentUrl();
        String rest = url.substring(url.indexOf("//") + 2);
        int slash = rest.indexOf('/');
        return slash < 0 ? "/" : rest.substring(slash).replaceAll("[?#].*$", "");
    }

    public WebDriver driver() {
        return driver;
    }

    public <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
        // a page re-renders as live events arrive: an element found a moment ago may be gone
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            // what the page showed when the wait gave up, for whoever reads the failure
            Path shot = screenshot("timeout-" + System.currentTimeMillis());
            Object toast = script("const t = document.getElementById('toast'); return t ? t.textContent : null;");
            throw new AssertionError(
                    "gave up waiting on " + path() + " (screenshot " + shot + ", last message: " + toast + ")", e);
        }
    }

    /** Waits until the element is there and visible. */
    public WebElement await(Duration timeout, By by) {
        return waitUntil(timeout, d -> {
            List<WebElement> found = d.findElements(by);
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    public String text(By by) {
        return driver.findElement(by).getText();
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs {@code fetch(path, init)} in the page; returns the HTTP status. */
    public long fetchStatus(String path, String initJson) {
        Object status = ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0], JSON.parse(arguments[1])).then(r => done(r.status), e => done(-1));",
                        path,
                        initJson);
        return ((Number) status).longValue();
    }

    /**
     * The serious and critical WCAG 2 A/AA violations axe-core finds in the page as it is now
     * (rule id, impact, and the first offending element), empty when there are none. The map's
     * canvas and Leaflet's own controls are left out: a map is not text.
     */
    public List<String> accessibilityViolations() {
        try (var in = Browser.class
                .getClassLoader()
                .getResourceAsStream("META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            if (script("return typeof axe === 'undefined';").equals(Boolean.TRUE)) {
                script(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object found = ((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "axe.run({exclude: [['.leaflet-control-container'], ['.leaflet-pane']]},"
                        + " {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
                        + ".then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                        + ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.length + ' elements, e.g. '"
                        + " + v.nodes[0].html.slice(0, 160))), e => done(['axe failed: ' + e]));");
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) found;
        return violations;
    }

    /**
     * Shows the page at a phone's size (390 x 844 CSS pixels), checks that nothing makes the page
     * wider than the screen, saves a screenshot, and goes back to the desktop size.
     */
    public void fitsAPhone(String screenshot) {
        org.openqa.selenium.Dimension desktop = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            waitUntil(Duration.ofSeconds(5), d -> ((Number) script("return window.innerWidth;")).intValue() <= 400);
            Object overflow = script("return document.documentElement.scrollWidth - window.innerWidth;");
            Object widest = script(
                    "const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) {"
                            + " if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; } return false; };"
                            + "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
                            + " > window.innerWidth + 1 && !clipped(e)).slice(0, 8).map(e => e.tagName + '.'"
                            + " + e.className + '#' + e.id + ' right ' + Math.round(e.getBoundingClientRect().right)).join('; ');");
            screenshot(screenshot);
            org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue())
                    .as("the page is no wider than a phone's screen (" + overflow + " px wider); too wide: " + widest)
                    .isLessThanOrEqualTo(1);
        } finally {
            driver.manage().window().setSize(desktop);
        }
    }

    /** Saves a screenshot as target/screenshots/{name}.png. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of("target/screenshots");
            Files.createDirectories(dir);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = dir.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
