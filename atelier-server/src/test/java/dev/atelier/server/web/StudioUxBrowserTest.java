package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestServer;
import dev.atelier.server.service.StudioLimits;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a new user meets in the studio, in headless Chromium: form errors at their field under the form's labels, an
 * empty steps box meaning the model's default, what the model can draw and suggestions while typing, a warning when
 * the prompt names nothing it knows, previews for the retrieval model, a server that goes away and comes back, 404
 * pages, feedback words, Reuse, deleting an image, dark mode and phone width. The tiny model where the picture does
 * not matter; atelier-image-1 and atelier-image-2 for what they know.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudioUxBrowserTest {
    @TempDir
    static Path dir;
    static WebTestServer s;
    static int port;
    static String database;
    static ChromeDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        s = startServer();
        driver = Chromium.start(dir);
        wait = Chromium.waitFor(driver);
    }

    // on one port and one database, so that a stopped server can come back as the same server
    static WebTestServer startServer() throws Exception {
        return WebTestServer.start(dir, 20, c -> {
            TestServer.installed(c, "atelier-image-1", "atelier-image-2");
            if (database == null) database = c.databaseUrl();
            // no grace: the stop must cut the running job off rather than let it finish while requests drain
            return c.withPort(port).withDatabase(database).withShutdownGrace(java.time.Duration.ZERO);
        }, StudioLimits.defaults());
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (s != null) s.close();
    }

    static WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static void shot(String name) throws Exception {
        Chromium.shot(driver, name);
    }

    static void openCreate() {
        driver.get(s.url("/"));
        wait.until(d -> !new Select(byId("model")).getOptions().isEmpty() && !byId("steps").getAttribute("placeholder").isEmpty());
    }

    static void generateTiny(String prompt, int steps) {
        byId("prompt").clear();
        byId("prompt").sendKeys(prompt);
        new Select(byId("model")).selectByValue("tiny-sd");
        new Select(byId("size")).selectByValue("64x64");
        byId("steps").clear();
        if (steps > 0) byId("steps").sendKeys(Integer.toString(steps));
        byId("generate").click();
    }

    static JsonNode json(String path) throws Exception {
        return TestServer.json(s.client().get(path));
    }

    @Test
    @Order(1)
    void anErrorNamesTheFieldByItsLabelMarksItAndMovesFocusThere() throws Exception {
        openCreate();
        byId("generate").click();
        wait.until(d -> "true".equals(byId("prompt").getAttribute("aria-invalid")));
        assertThat(byId("prompt-error").getText()).isEqualTo("Write a prompt first.");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("prompt");

        byId("prompt").sendKeys("a red apple");
        new Select(byId("size")).selectByValue("64x64");
        byId("n").clear();
        byId("n").sendKeys("11");
        byId("generate").click();
        wait.until(d -> "true".equals(byId("n").getAttribute("aria-invalid")));
        assertThat(byId("prompt").getAttribute("aria-invalid")).isNull();
        String message = byId("n-error").getText();
        assertThat(message).startsWith("Images must be between 1 and 10").doesNotContain("'n'");
        assertThat(byId("n").getAttribute("aria-describedby")).isEqualTo("n-error");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("n");
        assertThat(driver.findElements(By.cssSelector("#results .result"))).isEmpty();
        shot("studio-field-error");
    }

    @Test
    @Order(2)
    void anEmptyStepsBoxIsTheModelsDefaultAndSaysSo() throws Exception {
        openCreate();
        new Select(byId("model")).selectByValue("tiny-sd");
        int defaultSteps = modelDefaultSteps("tiny-sd");
        assertThat(byId("steps").getAttribute("value")).isEmpty();
        assertThat(byId("steps").getAttribute("placeholder")).isEqualTo("default (" + defaultSteps + ")");
        assertThat(byId("steps").getAttribute("title")).isEqualTo("Leave empty for tiny-sd's default, " + defaultSteps);
        generateTiny("a plain green square", 0);
        // focus goes with the work, to the progress line
        wait.until(d -> "progress-text".equals(d.switchTo().activeElement().getAttribute("id")));
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 1);
        WebElement group = driver.findElement(By.cssSelector("#results .run-group"));
        assertThat(group.findElement(By.tagName("h3")).getText()).contains("a plain green square").contains("tiny-sd");
        String job = group.getAttribute("data-job-id");
        assertThat(driver.findElement(By.cssSelector("#results .result .thumb-up")).getText()).contains("Good");
        assertThat(driver.findElement(By.cssSelector("#results .result .thumb-down")).getText()).contains("Bad");
        // the page's own fetch of the job: it ran with the model's default steps
        Object steps = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch('/studio/api/jobs/' + arguments[0]).then(r => r.json()).then(j => done(j.steps));", job);
        assertThat(((Number) steps).intValue()).isEqualTo(defaultSteps);
    }

    static int modelDefaultSteps(String model) throws Exception {
        for (JsonNode m : json("/studio/api/session").path("models")) {
            if (m.path("id").asText().equals(model)) return m.path("atelier").path("default_steps").asInt();
        }
        throw new AssertionError("no model " + model);
    }

    @Test
    @Order(3)
    void reuseOnACardAndOnTheImagePageFillTheSameForm() {
        WebElement card = driver.findElement(By.cssSelector("#results .result"));
        String seed = card.findElement(By.tagName("p")).getText().replaceAll("\\D", "");
        String imageId = card.getAttribute("data-image-id");
        byId("prompt").clear();
        byId("n").clear();
        byId("n").sendKeys("3");
        card.findElement(By.cssSelector(".reuse")).click();
        wait.until(d -> !byId("prompt").getAttribute("value").isEmpty());
        Map<String, String> fromCard = form();
        assertThat(fromCard).containsEntry("prompt", "a plain green square").containsEntry("n", "1").containsEntry("seed", seed);

        driver.get(s.url("/images/" + imageId));
        wait.until(d -> d.findElement(By.id("reuse")).getAttribute("href").contains("reuse="));
        byId("reuse").click();
        wait.until(d -> !byId("prompt").getAttribute("value").isEmpty());
        assertThat(form()).isEqualTo(fromCard);
    }

    static Map<String, String> form() {
        return Map.of("prompt", byId("prompt").getAttribute("value"), "model", byId("model").getAttribute("value"),
                "size", byId("size").getAttribute("value"), "steps", byId("steps").getAttribute("value"),
                "n", byId("n").getAttribute("value"), "seed", byId("seed").getAttribute("value"),
                "random", String.valueOf(byId("random-seed").isSelected()));
    }

    @Test
    @Order(4)
    void theModelsVocabularyIsListedSearchableAndSuggestedWhileTyping() throws Exception {
        openCreate();
        new Select(byId("model")).selectByValue("atelier-image-1");
        wait.until(d -> byId("concepts").isDisplayed());
        assertThat(byId("concepts-summary").getText()).isEqualTo("What atelier-image-1 can draw (48 emoji it was trained on)");
        byId("concepts-summary").click();
        byId("concept-q").sendKeys("pizz");
        wait.until(d -> byId("concept-count").getText().contains("match"));
        assertThat(driver.findElements(By.cssSelector("#concept-list .concept"))).extracting(WebElement::getText).contains("pizza");
        byId("concept-q").clear();
        byId("concept-q").sendKeys("zebra crossing");
        wait.until(d -> byId("concept-count").getText().startsWith("Nothing matches"));

        byId("prompt").sendKeys("a tasty piz");
        wait.until(d -> byId("suggestions").isDisplayed());
        shot("studio-concepts");
        driver.findElements(By.cssSelector("#suggestions .suggestion")).stream().filter(b -> b.getText().equals("pizza"))
                .findFirst().orElseThrow().click();
        assertThat(byId("prompt").getAttribute("value")).isEqualTo("a tasty pizza ");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("prompt");

        // the tiny model takes any text: no list, a line that says so
        new Select(byId("model")).selectByValue("tiny-sd");
        wait.until(d -> byId("concepts-open").isDisplayed());
        assertThat(byId("concepts").isDisplayed()).isFalse();
        assertThat(byId("concepts-open").getText()).contains("takes any text");
    }

    @Test
    @Order(5)
    void theDefaultModelsLibraryIsSearchable() throws Exception {
        new Select(byId("model")).selectByValue("atelier-image-2");
        wait.until(d -> byId("concepts").isDisplayed() && byId("concepts-summary").getText().contains("library"));
        JsonNode all = json("/studio/api/models/atelier-image-2/concepts");
        assertThat(all.path("kind").asText()).isEqualTo("library");
        assertThat(all.path("total").asInt()).isGreaterThan(1000);
        assertThat(all.path("concepts")).hasSize(StudioConcepts.LIMIT);
        assertThat(byId("concepts-summary").getText()).contains("(" + all.path("total").asInt() + " drawings in its library)");
        JsonNode dogs = json("/studio/api/models/atelier-image-2/concepts?q=dog");
        assertThat(dogs.path("matches").asInt()).isPositive();
        dogs.path("concepts").forEach(c -> assertThat(c.toString().toLowerCase()).contains("dog"));
        var missing = s.client().get("/studio/api/models/no-such-model/concepts");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no-such-model").contains("atelier-image-2");
    }

    @Test
    @Order(6)
    void aPromptThatNamesNothingTheModelKnowsGetsAWarningOnTheResult() {
        openCreate();
        new Select(byId("model")).selectByValue("atelier-image-1");
        byId("prompt").sendKeys("a quantum flux capacitor");
        byId("steps").sendKeys("1");
        byId("generate").click();
        new WebDriverWait(driver, Duration.ofSeconds(240)).until(d -> d.findElements(By.cssSelector("#results .run-group")).size() == 1);
        WebElement warning = driver.findElement(By.cssSelector("#results .run-group .warning"));
        assertThat(warning.getText()).contains("names none of the 48 emoji atelier-image-1 was trained on");
    }

    @Test
    @Order(7)
    void theDefaultModelShowsLivePreviews() {
        openCreate();
        new Select(byId("model")).selectByValue("atelier-image-2");
        byId("prompt").sendKeys("a red apple");
        byId("generate").click();
        // the first run opens the model: allow for a loaded machine
        new WebDriverWait(driver, Duration.ofSeconds(240)).until(d -> d.findElements(By.cssSelector("#results .run-group")).size() == 1);
        assertThat(Integer.parseInt(byId("previews").getAttribute("data-count"))).isPositive();
        // a preview decoded and shown at the picture's size
        assertThat(byId("previews").getAttribute("data-shown")).isEqualTo("256x256");
        assertThat(driver.findElements(By.cssSelector("#results .run-group .warning"))).isEmpty();
    }

    @Test
    @Order(8)
    void aServerThatGoesAwaySaysSoAndIsFollowedAgainWhenItComesBack() throws Exception {
        openCreate();
        byId("n").clear();
        byId("n").sendKeys("10");
        generateTiny("a very slow pear", 100);
        wait.until(d -> Integer.parseInt(byId("progress-text").getAttribute("data-events")) > 0);
        s.close();
        wait.until(d -> byId("connection").isDisplayed() && byId("connection").getText().startsWith("Server unreachable — retrying"));
        assertThat(byId("generate").isEnabled()).isTrue();
        shot("studio-reconnecting");
        // a generation meanwhile says what is wrong, not "Failed to fetch"
        byId("generate").click();
        wait.until(d -> byId("error").isDisplayed());
        assertThat(byId("error").getText()).contains("server is unreachable").doesNotContain("Failed to fetch");

        s = startServer();
        // the page finds the job again and follows it; its Cancel ends it
        wait.until(d -> !byId("connection").isDisplayed());
        wait.until(d -> byId("cancel").isDisplayed() && byId("cancel").isEnabled());
        byId("cancel").click();
        wait.until(d -> byId("progress-text").getText().matches("(cancelled|failed|done).*"));
        assertThat(byId("generate").isEnabled()).isTrue();
    }

    @Test
    @Order(9)
    void aMissingPageOrImageIsAnHtmlPage() throws Exception {
        driver.get(s.url("/images/img_00000000000000000000000000000000"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
        driver.get(s.url("/no/such/page"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
        // a client that asks for JSON still gets the API's error
        var api = s.client().get("/images/img_00000000000000000000000000000000");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.body()).contains("\"error\"");
    }

    @Test
    @Order(10)
    void aSearchWithNoMatchSaysSo() {
        driver.get(s.url("/gallery?q=" + "zzz-nothing"));
        wait.until(d -> byId("empty").isDisplayed());
        assertThat(byId("empty").getText()).isEqualTo("No images match “zzz-nothing”. Show all.");
    }

    @Test
    @Order(11)
    void aReportShowsItsReasonInWords() {
        driver.get(s.url("/gallery"));
        wait.until(d -> !d.findElements(By.cssSelector(".gallery-item a")).isEmpty());
        driver.findElement(By.cssSelector(".gallery-item a")).click();
        wait.until(d -> !byId("png-parameters").getText().isEmpty());
        assertThat(byId("thumb-up").getText()).contains("Good");
        driver.findElement(By.cssSelector("#report-box summary")).click();
        new Select(byId("report-reason")).selectByValue("wrong_prompt");
        byId("report").click();
        wait.until(d -> byId("feedback-status").getText().startsWith("Reported"));
        assertThat(byId("feedback-status").getText()).isEqualTo("Reported: Does not match the prompt. Thank you.");
        driver.navigate().refresh();
        wait.until(d -> byId("feedback-status").getText().startsWith("Reported"));
        assertThat(byId("feedback-status").getText()).isEqualTo("Reported: Does not match the prompt.");
    }

    @Test
    @Order(12)
    void darkModeFollowsTheSystemSetting() throws Exception {
        openCreate();
        generateTiny("a small blue boat", 4);
        wait.until(d -> !d.findElements(By.cssSelector("#results .result")).isEmpty());
        String light = (String) js("return getComputedStyle(document.body).backgroundColor");
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", java.util.List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            String dark = (String) js("return getComputedStyle(document.body).backgroundColor");
            assertThat(dark).isNotEqualTo(light);
            assertThat(luminance(dark)).isLessThan(0.1);
            assertThat(luminance((String) js("return getComputedStyle(document.body).color"))).isGreaterThan(0.6);
            shot("studio-dark");
            driver.manage().window().setSize(new Dimension(390, 900));
            shot("studio-dark-phone");
            driver.manage().window().setSize(new Dimension(1200, 1000));
            driver.findElement(By.cssSelector("#results .result a")).click();
            wait.until(d -> !byId("png-parameters").getText().isEmpty());
            shot("image-dark");
            driver.manage().window().setSize(new Dimension(390, 900));
            shot("image-dark-phone");
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", java.util.List.of()));
            driver.manage().window().setSize(new Dimension(1200, 1000));
        }
        shot("image-light");
        driver.manage().window().setSize(new Dimension(390, 900));
        shot("image-light-phone");
        driver.manage().window().setSize(new Dimension(1200, 1000));
    }

    // relative luminance of a CSS rgb() colour, 0..1
    static double luminance(String rgb) {
        String[] p = rgb.replaceAll("[^0-9,]", "").split(",");
        return (0.2126 * Integer.parseInt(p[0]) + 0.7152 * Integer.parseInt(p[1]) + 0.0722 * Integer.parseInt(p[2])) / 255;
    }

    @Test
    @Order(13)
    void atPhoneWidthProgressAndResultsComeIntoView() throws Exception {
        driver.manage().window().setSize(new Dimension(390, 800));
        try {
            openCreate();
            generateTiny("a yellow kite", 4);
            wait.until(d -> !d.findElements(By.cssSelector("#results .result")).isEmpty());
            Boolean visible = (Boolean) js("const r = document.querySelector('#results .run-group').getBoundingClientRect();"
                    + "return r.top >= 0 && r.top < window.innerHeight;");
            assertThat(visible).isTrue();
            assertThat((Long) js("return window.scrollY")).isPositive();
            shot("studio-light-phone");
        } finally {
            driver.manage().window().setSize(new Dimension(1200, 1000));
        }
    }

    @Test
    @Order(14)
    void theLeaderboardSaysWhenItsTableScrollsSideways() throws Exception {
        // a counted battle, so that the table has rows
        dev.atelier.server.arena.Simulation.run(s.server.arena(), 1, dev.atelier.server.arena.Simulation.rule("fixed:tiny-2-steps", 1),
                "simulator", Duration.ofSeconds(60), line -> { });
        driver.manage().window().setSize(new Dimension(360, 800));
        try {
            driver.get(s.url("/arena/leaderboard"));
            wait.until(d -> byId("board").isDisplayed());
            assertThat(byId("scroll-cue").isDisplayed()).isTrue();
            assertThat(byId("scroll-cue").getText()).contains("scroll the table sideways");
            shot("leaderboard-phone");
        } finally {
            driver.manage().window().setSize(new Dimension(1200, 1000));
        }
        driver.get(s.url("/arena/leaderboard"));
        wait.until(d -> byId("summary").getAttribute("data-votes") != null);
        assertThat(byId("scroll-cue").isDisplayed()).isFalse();
    }

    @Test
    @Order(15)
    void anOwnerDeletesAnImageAfterConfirmingAndNobodyElseCan() throws Exception {
        openCreate();
        byId("n").clear();
        byId("n").sendKeys("2");
        generateTiny("two little clouds", 2);
        wait.until(d -> d.findElements(By.cssSelector("#results .run-group .result")).size() == 2);
        var cards = driver.findElements(By.cssSelector("#results .run-group .result"));
        String first = cards.get(0).getAttribute("data-image-id");
        String second = cards.get(1).getAttribute("data-image-id");
        var cookie = driver.manage().getCookieNamed("atelier_session");

        // another user cannot delete it (and learns nothing: a 404, as for an unknown id)
        var other = s.client();
        var refused = other.delete("/studio/api/images/" + first);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(fileStatus(cookie, first)).isEqualTo(200);
        // nor may another site, even with the owner's cookie
        var crossSite = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(s.url("/studio/api/images/" + first))).DELETE()
                .header("Cookie", cookie.getName() + "=" + cookie.getValue()).header("Origin", "http://evil.example").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(fileStatus(cookie, first)).isEqualTo(200);

        // dismissing the confirmation keeps it
        cards.get(0).findElement(By.cssSelector(".delete")).click();
        driver.switchTo().alert().dismiss();
        assertThat(driver.findElements(By.cssSelector("#results .run-group .result"))).hasSize(2);
        cards.get(0).findElement(By.cssSelector(".delete")).click();
        assertThat(driver.switchTo().alert().getText()).contains("Delete this image");
        driver.switchTo().alert().accept();
        wait.until(d -> d.findElements(By.cssSelector("#results .run-group .result")).size() == 1);
        assertThat(fileStatus(cookie, first)).isEqualTo(404);
        assertThat(fileStatus(cookie, second)).isEqualTo(200);

        // from the image page: gone, and back to the gallery
        driver.get(s.url("/images/" + second));
        wait.until(d -> !byId("png-parameters").getText().isEmpty());
        byId("delete").click();
        driver.switchTo().alert().accept();
        wait.until(d -> d.getCurrentUrl().contains("/gallery"));
        wait.until(d -> byId("status").getText().equals("Image deleted."));
        assertThat(driver.findElements(By.cssSelector(".gallery-item[data-image-id='" + second + "']"))).isEmpty();
        assertThat(fileStatus(cookie, second)).isEqualTo(404);
        driver.get(s.url("/images/" + second));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
    }

    static int fileStatus(org.openqa.selenium.Cookie cookie, String id) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/studio/files/" + id + ".png")))
                .header("Cookie", cookie.getName() + "=" + cookie.getValue()).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
