package dev.atelier.server.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser of the browser tests: Debian's headless Chromium driven by its chromedriver, a fresh profile per test
 * class, a 1200 × 1000 window, nothing fetched from the network; screenshots go to {@code target/screenshots}.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/screenshots");
    static final int WIDTH = 1200;
    static final int HEIGHT = 1000;

    private Chromium() {
    }

    /** Skips the test class, saying why, where Chromium or its driver is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
                "chromium and chromium-driver are not installed (scripts/test installs them)");
    }

    /** A new headless browser with its profile under {@code dir}. */
    static ChromeDriver start(Path dir) throws IOException {
        Files.createDirectories(SHOTS);
        var options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")), "--window-size=" + WIDTH + "," + HEIGHT);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** A wait of up to a minute (generation on 2 cores, with other builds running). */
    static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    /** Saves what the browser shows as {@code target/screenshots/NAME.png}. */
    static void shot(WebDriver driver, String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
