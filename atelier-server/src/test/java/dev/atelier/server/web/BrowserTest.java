package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.feedback.FeedbackExport;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The studio and the arena in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; no
 * driver is downloaded): create an image and watch progress arrive, open it from the gallery, give feedback, play a
 * battle and see the leaderboard update. Screenshots of each page go to {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
    @TempDir
    static Path dir;
    static WebTestServer s;
    static WebDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        // as users run it: with the standard safeguards
        s = WebTestServer.start(dir, 20, c -> c, dev.atelier.server.service.StudioLimits.defaults(),
                dev.atelier.server.safety.StandardSafety.setup(dev.atelier.safety.SafetyConfig.defaults(), dir.resolve("data"),
                        new dev.atelier.engine.pipeline.PipelineOptions(dev.atelier.engine.pipeline.PipelineOptions.defaults().provider(), 1, 1)));
        driver = Chromium.start(dir);
        wait = Chromium.waitFor(driver);
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (s != null) s.close();
    }

    static void shot(String name) throws Exception {
        Chromium.shot(driver, name);
    }

    static WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    @Test
    @Order(1)
    void createAnImageAndWatchProgressArrive() throws Exception {
        driver.get(s.url("/"));
        wait.until(d -> !new Select(byId("model")).getOptions().isEmpty());
        byId("prompt").sendKeys("a red apple on a white background");
        new Select(byId("size")).selectByValue("64x64");
        byId("steps").clear();
        byId("steps").sendKeys("60");
        byId("n").clear();
        byId("n").sendKeys("2");
        byId("generate").click();
        wait.until(d -> Integer.parseInt(byId("progress-text").getAttribute("data-events")) > 0);
        shot("studio-progress");
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 2);
        assertThat(Integer.parseInt(byId("progress-text").getAttribute("data-events"))).isGreaterThan(1);
        assertThat(byId("progress-text").getText()).startsWith("done");
        assertThat(driver.getPageSource()).doesNotContain("sk-atelier");
        shot("studio");
        driver.manage().window().setSize(new Dimension(390, 900));
        shot("studio-phone");
        driver.manage().window().setSize(new Dimension(1200, 1000));
    }

    @Test
    @Order(2)
    void openItFromTheGalleryAndGiveFeedback() throws Exception {
        driver.get(s.url("/gallery"));
        wait.until(d -> d.findElements(By.cssSelector(".gallery-item a")).size() >= 2);
        shot("gallery");
        String imageId = driver.findElement(By.cssSelector(".gallery-item")).getAttribute("data-image-id");
        driver.findElement(By.cssSelector(".gallery-item a")).click();
        wait.until(d -> !byId("png-parameters").getText().isEmpty());
        assertThat(byId("png-parameters").getText()).contains("a red apple on a white background").contains("Steps: 60");
        assertThat(byId("params").getText()).contains("tiny-sd").contains("64x64");
        assertThat(byId("c2pa-status").getText()).contains("content credentials verified");
        assertThat(byId("c2pa").getText()).contains("Atelier 0.1.0").contains("tiny-sd").contains("Generative AI");
        byId("thumb-up").click();
        wait.until(d -> "true".equals(byId("thumb-up").getAttribute("aria-pressed")));
        driver.findElement(By.cssSelector("#report-box summary")).click();
        new Select(byId("report-reason")).selectByValue("low_quality");
        byId("report-note").sendKeys("too blurry");
        byId("report").click();
        wait.until(d -> byId("feedback-status").getText().contains("Reported"));
        shot("image");

        var out = new StringWriter();
        FeedbackExport.write(s.server.backend().database(), dir.resolve("data/images"), false, out);
        assertThat(out.toString()).contains(imageId).contains("\"up\":1").contains("low_quality").contains("too blurry");
    }

    @Test
    @Order(3)
    void aRefusedPromptGetsAPlainMessage() {
        driver.get(s.url("/"));
        wait.until(d -> !new Select(byId("model")).getOptions().isEmpty());
        byId("prompt").sendKeys("a man stabbing another man with a knife, blood everywhere");
        new Select(byId("size")).selectByValue("64x64");
        byId("generate").click();
        wait.until(d -> byId("error").isDisplayed());
        assertThat(byId("error").getText()).contains("rejected by the safety system").contains("violence").doesNotContain("Exception");
        assertThat(driver.findElements(By.cssSelector("#results .result"))).isEmpty();
    }

    @Test
    @Order(4)
    void playABattleAndSeeTheLeaderboardUpdate() throws Exception {
        driver.get(s.url("/arena/leaderboard"));
        wait.until(d -> byId("summary").getAttribute("data-votes") != null);
        int before = Integer.parseInt(byId("summary").getAttribute("data-votes"));

        driver.get(s.url("/arena"));
        byId("arena-prompt").sendKeys("a green frog sitting on a lily pad");
        byId("battle-start").click();
        wait.until(d -> byId("vote-a").isEnabled());
        wait.until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "return document.getElementById('img-a').complete && document.getElementById('img-b').naturalWidth > 0"));
        assertThat(driver.getPageSource()).doesNotContain("tiny-2-steps").doesNotContain("tiny-3-euler").doesNotContain("tiny-4-guidance-3");
        shot("arena");
        byId("vote-b").click();
        wait.until(d -> !byId("reveal-a").getText().isEmpty());
        assertThat(byId("reveal-a").getText() + byId("reveal-b").getText()).contains("tiny-");
        shot("arena-revealed");

        driver.get(s.url("/arena/leaderboard"));
        wait.until(d -> byId("summary").getAttribute("data-votes") != null);
        // a new session's vote is recorded, and counts once the session is trusted (docs/studio.md)
        assertThat(Integer.parseInt(byId("summary").getAttribute("data-votes"))).isEqualTo(before + 1);
        shot("leaderboard");
    }

    @Test
    @Order(5)
    void cancelAJobWhileItRuns() throws Exception {
        driver.get(s.url("/"));
        wait.until(d -> !new Select(byId("model")).getOptions().isEmpty());
        byId("prompt").sendKeys("a very slow pear");
        new Select(byId("size")).selectByValue("64x64");
        byId("steps").clear();
        byId("steps").sendKeys("100");
        byId("n").clear();
        byId("n").sendKeys("10");
        assertThat(byId("cancel").isDisplayed()).isFalse();
        byId("generate").click();
        wait.until(d -> Integer.parseInt(byId("progress-text").getAttribute("data-events")) > 0);
        byId("cancel").click();
        wait.until(d -> byId("progress-text").getText().startsWith("cancelled"));
        assertThat(byId("cancel").isDisplayed()).isFalse();
        assertThat(byId("generate").isEnabled()).isTrue();
    }

    @Test
    @Order(6)
    void varyAResultAndSeeWhereTheVariationCameFrom() throws Exception {
        driver.get(s.url("/"));
        wait.until(d -> !new Select(byId("model")).getOptions().isEmpty());
        byId("prompt").sendKeys("a blue cup on a table");
        new Select(byId("size")).selectByValue("64x64");
        byId("steps").clear();
        byId("steps").sendKeys("8");
        byId("generate").click();
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 1);
        String original = driver.findElement(By.cssSelector("#results .result")).getAttribute("data-image-id");
        driver.findElement(By.cssSelector("#results .result .vary")).click();
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 2);
        WebElement variation = driver.findElement(By.cssSelector("#results .result"));
        assertThat(variation.getAttribute("data-image-id")).isNotEqualTo(original);
        assertThat(variation.findElements(By.cssSelector(".reuse"))).hasSize(1);
        shot("vary");

        variation.findElement(By.cssSelector("a")).click();
        wait.until(d -> byId("made-from").isDisplayed());
        assertThat(byId("made-from-link").getAttribute("href")).endsWith("/images/" + original);
        assertThat(byId("params").getText()).contains("variation, strength 0.6");
        assertThat(byId("png-parameters").getText()).contains("a blue cup on a table").contains("Init image: " + original);
        shot("vary-lineage");
        byId("vary").click();
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 1);
        byId("made-from-link").click();
        wait.until(d -> d.getCurrentUrl().endsWith("/images/" + original) && byId("edit").getAttribute("href").endsWith("/edit"));
    }

    @Test
    @Order(7)
    void paintAMaskAndApplyAnEdit() throws Exception {
        String original = driver.getCurrentUrl().substring(driver.getCurrentUrl().lastIndexOf('/') + 1);
        byId("edit").click();
        wait.until(d -> byId("edit-form").isDisplayed());
        assertThat(byId("prompt").getAttribute("value")).isEqualTo("a blue cup on a table");
        byId("apply").click();
        wait.until(d -> byId("error").isDisplayed());
        assertThat(byId("error").getText()).contains("Paint the area");

        WebElement canvas = byId("mask-canvas");
        int w = canvas.getSize().getWidth();
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(canvas, -w / 4, -w / 8).clickAndHold()
                .moveByOffset(w / 4, w / 8).moveByOffset(w / 4, 0).release().perform();
        byId("prompt").clear();
        byId("prompt").sendKeys("a man stabbing another man with a knife, blood everywhere");
        byId("apply").click();
        wait.until(d -> byId("error").getText().contains("rejected by the safety system"));
        byId("prompt").clear();
        byId("prompt").sendKeys("a red cup on a table");
        byId("apply").click();
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 1);
        assertThat(byId("error").isDisplayed()).isFalse();
        driver.manage().window().setSize(new Dimension(1200, 1450));
        shot("edit");
        driver.manage().window().setSize(new Dimension(390, 900));
        shot("edit-phone");
        driver.manage().window().setSize(new Dimension(1200, 1000));

        driver.findElement(By.cssSelector("#results .result a")).click();
        wait.until(d -> byId("made-from").isDisplayed());
        assertThat(byId("made-from-link").getAttribute("href")).endsWith("/images/" + original);
        assertThat(byId("params").getText()).contains("inpainting");
        assertThat(byId("png-parameters").getText()).contains("a red cup on a table").contains("Mask: yes");
        // below the stroke the picture is the original's, up to the invisible watermark's few levels
        String edited = driver.getCurrentUrl().substring(driver.getCurrentUrl().lastIndexOf('/') + 1);
        var cookie = driver.manage().getCookieNamed("atelier_session");
        var before = png(cookie, original);
        var after = png(cookie, edited);
        assertThat(meanDifference(before, after, 0, 48, 64, 64)).isLessThan(8);   // below the stroke
        assertThat(meanDifference(before, after, 24, 26, 40, 34)).isGreaterThan(16); // along it
    }

    static byte[] rawPng(org.openqa.selenium.Cookie cookie, String id) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/studio/files/" + id + ".png")))
                .header("Cookie", cookie.getName() + "=" + cookie.getValue()).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static java.awt.image.BufferedImage png(org.openqa.selenium.Cookie cookie, String id) throws Exception {
        return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(rawPng(cookie, id)));
    }

    // mean absolute difference of the colour channels over [x0, x1) × [y0, y1), in levels
    static double meanDifference(java.awt.image.BufferedImage a, java.awt.image.BufferedImage b, int x0, int y0, int x1, int y1) {
        double sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                for (int c = 0; c < 24; c += 8) sum += Math.abs(((a.getRGB(x, y) >> c) & 255) - ((b.getRGB(x, y) >> c) & 255));
            }
        }
        return sum / (3.0 * (x1 - x0) * (y1 - y0));
    }
}
