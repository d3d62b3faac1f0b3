package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The console in a real browser (Debian's headless Chromium, driven by Selenium through chromium-driver), one
 * session for the whole walk: a wrong secret, sign-in, the overview, the jobs list, a job created by the AWS CLI whose
 * executions ten MQTT devices run (its counts change on the page without a reload, through the live stream), a
 * failed device's page, search, and a job cancelled from the console that {@code describe-job} then shows canceled.
 * A screenshot of each page goes to {@code target/console-screenshots/}.
 */
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int FLEET = 10;
    private static final Map<Integer, JobDevice.Behaviour> MISFITS = Map.of(3, JobDevice.Behaviour.FAIL,
            7, JobDevice.Behaviour.REJECT);

    @TempDir
    Path dir;
    TestServer server;
    IotClient iot;
    ChromeDriver browser;
    final List<JobDevice> devices = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        // CI installs them (.ci/run); elsewhere the suite says why it did not run
        assumeTrue(installed || System.getenv("CI") != null, "chromium and chromium-driver are not installed");
        server = TestServer.start(Store.SQLITE, dir, Clock.systemUTC(), c -> c.withMqtt(m -> m.withPort(0)));
        iot = Sdk.iot(server);
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        devices.forEach(JobDevice::close);
        if (iot != null) {
            iot.close();
            server.close();
        }
    }

    @Test
    void an_operator_signs_in_watches_a_cli_job_run_on_mqtt_devices_live_and_cancels_another() throws Exception {
        List<DeviceIdentity> identities = JobsFleetIT.fleet(iot, "ConsoleDevices", FLEET);
        for (int i = 0; i < FLEET; i++) {
            devices.add(new JobDevice(server, identities.get(i / 10), JobsFleetIT.thingName(i),
                    MISFITS.getOrDefault(i, JobDevice.Behaviour.SUCCEED), outcome -> { }));
        }
        iot.createThing(r -> r.thingName("spare-device"));
        AwsCli aws = AwsCli.v2().orElseThrow();
        assertThat(aws.run(server, "iot", "create-job", "--job-id", "console-rollout",
                "--targets", "arn:aws:iot:us-east-1:000000000000:thinggroup/ConsoleDevices",
                "--document", "{\"operation\":\"firmwareUpdate\",\"firmwareVersion\":\"v2.1.0\"}",
                "--description", "Firmware v2.1.0 for the console's devices",
                "--abort-config", "criteriaList=[{failureType=\"FAILED\",action=\"CANCEL\",thresholdPercentage=50,"
                        + "minNumberOfExecutedThings=5}]",
                "--timeout-config", "inProgressTimeoutInMinutes=60").exitCode()).isZero();
        iot.createJob(r -> r.jobId("console-cancel").targets("arn:aws:iot:us-east-1:000000000000:thing/spare-device")
                .document("{\"operation\":\"noop\"}"));

        signIn();
        assertThat(text(By.id("things-count"))).isEqualTo("11");
        shot("overview");

        browser.findElement(By.linkText("Jobs")).click();
        waitFor(By.id("jobs"));
        assertThat(text(By.id("jobs"))).contains("console-rollout").contains("console-cancel");
        shot("jobs");

        browser.findElement(By.linkText("console-rollout")).click();
        waitFor(By.id("progress-counts"));
        assertThat(count("SUCCEEDED")).isZero();
        assertThat(text(By.tagName("main"))).contains("Cancel the job when 50.00% of executed devices ended FAILED")
                .contains("times out after 60 minutes");
        ((JavascriptExecutor) browser).executeScript("window.stillTheSamePage = true;");

        server.tickJobs();  // releases every execution; the devices run them over MQTT and report
        new WebDriverWait(browser, WAIT).until(b -> count("SUCCEEDED") == 8 && count("FAILED") == 1
                && count("REJECTED") == 1);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.stillTheSamePage === true;"))
                .as("the counts changed without a reload").isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#progress-chart canvas"))).as("the chart").isNotEmpty();
        assertThat(iot.describeJob(r -> r.jobId("console-rollout")).job().jobProcessDetails()
                .numberOfSucceededThings()).isEqualTo(8);
        browser.navigate().refresh();
        waitFor(By.id("failures"));
        assertThat(text(By.id("failures"))).contains("sensor-03").contains("FAILED").contains("sensor-07")
                .contains("REJECTED");
        shot("job");
        browser.manage().window().setSize(new Dimension(390, 844));
        new WebDriverWait(browser, WAIT).withMessage("the job page fits a phone's width").until(b -> (Boolean)
                ((JavascriptExecutor) b).executeScript("return document.documentElement.scrollWidth <= window.innerWidth;"));
        shot("job-phone");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        browser.findElement(By.linkText("sensor-03")).click();
        waitFor(By.id("thing-name"));
        assertThat(text(By.id("connection"))).isEqualTo("Connected");
        assertThat(text(By.id("executions"))).contains("console-rollout").contains("FAILED");
        shot("thing");

        browser.findElement(By.linkText("Search")).click();
        WebElement query = waitFor(By.id("q"));
        query.sendKeys("sensor-05");
        query.submit();
        waitFor(By.id("results"));
        assertThat(text(By.id("results"))).contains("sensor-05");
        shot("search");

        browser.get(server.endpoint() + "/console/jobs/console-cancel");
        browser.findElement(By.xpath("//button[normalize-space()='Cancel job']")).click();
        new WebDriverWait(browser, WAIT).until(b -> text(By.id("job-status")).equals("CANCELED"));
        shot("job-canceled");
        assertThat(aws.run(server, "iot", "describe-job", "--job-id", "console-cancel").json().path("job")
                .path("status").asText()).isEqualTo("CANCELED");
    }

    private void signIn() throws Exception {
        browser.get(server.endpoint() + "/console");
        waitFor(By.id("access-key-id")).sendKeys(server.accessKeyId());
        browser.findElement(By.id("secret-key")).sendKeys("not-the-secret");
        browser.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
        assertThat(waitFor(By.id("sign-in-error")).getText()).contains("wrong");
        shot("sign-in-refused");
        browser.findElement(By.id("secret-key")).sendKeys(server.secretKey());
        browser.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
        waitFor(By.id("things-count"));
    }

    private long count(String status) {
        return Long.parseLong(browser.findElement(By.cssSelector("#progress-counts tr[data-status='" + status
                + "'] td")).getAttribute("data-count"));
    }

    private String text(By by) {
        return browser.findElement(by).getText().strip();
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(b -> b.findElement(by));
    }

    private void shot(String name) throws Exception {
        File taken = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(taken.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
