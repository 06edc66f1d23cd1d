package io.pulsechat.console;

import io.pulsechat.testing.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by chromedriver, both from Debian's packages (`chromium`, `chromium-driver`;
 * `scripts/services browser` installs them). CHROME_BIN and CHROMEDRIVER point elsewhere.
 */
final class Browser {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final String MISSING = "the console's browser test needs Chromium and chromedriver (" + CHROMIUM + ", "
            + CHROMEDRIVER + "): install them with `scripts/services browser` (Debian packages chromium and "
            + "chromium-driver), or set CHROME_BIN and CHROMEDRIVER";

    private Browser() {}

    private static Boolean available;

    /**
     * True when Chromium and chromedriver are there. Where they are missing, `scripts/services browser`
     * is asked to install them once (as the test stack installs PostgreSQL and Redis), so that a fresh
     * machine's `mvn verify` runs the browser test too; where that fails, the test is skipped.
     */
    static synchronized boolean available() {
        if (available == null) {
            if (!installed()) {
                install();
            }
            available = installed();
        }
        return available;
    }

    private static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    private static void install() {
        if (System.getenv("CHROME_BIN") != null || System.getenv("CHROMEDRIVER") != null) {
            return;
        }
        Path log = Services.ROOT.resolve("target/browser-install.log");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(Services.ROOT.resolve("scripts/services").toString(), "browser")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                System.err.println("installing Chromium took over 10 minutes; see " + log);
            } else if (process.exitValue() != 0) {
                System.err.println("installing Chromium failed (exit " + process.exitValue() + "); see " + log);
            }
        } catch (IOException e) {
            System.err.println("installing Chromium failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ChromeDriver start(Path log) {
        var options = new ChromeOptions();
        // Both paths given: Selenium looks for nothing else (and downloads nothing).
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--window-size=1400,1500");
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(log.toFile())
                .build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }
}
