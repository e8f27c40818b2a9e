package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The editor and Upscale in real headless Chromium: upload a picture, paint a mask with the mouse, apply it; open
 * the result in the editor from its card and paint with the keyboard only; vary the result; upscale 2× from a card
 * and 4× from an image page (atelier-image-2, 256×256 in 6 steps, and its learned upsampler). The server runs without
 * watermark, so kept pixels can be compared byte for byte.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EditorBrowserTest {
    @TempDir
    static Path dir;
    static WebTestServer s;
    static WebDriver driver;
    static WebDriverWait wait;
    static final int SIDE = 256;
    static String uploadEdit;
    static String keyboardEdit;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        // atelier-image-2 for the pictures (256×256 in 6 steps) and its learned upsampler; the tiny model is the default
        s = WebTestServer.start(dir, 20, c -> dev.atelier.server.TestServer.installed(c, "atelier-image-2"), dev.atelier.server.service.StudioLimits.defaults());
        driver = Chromium.start(dir);
        wait = Chromium.waitFor(driver);
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

    static void shot(String name, int width, int height) throws Exception {
        driver.manage().window().setSize(new Dimension(width, height));
        Chromium.shot(driver, name);
        driver.manage().window().setSize(new Dimension(Chromium.WIDTH, Chromium.HEIGHT));
    }

    // the image's file as this browser's user gets it
    static BufferedImage image(String id) throws Exception {
        var cookie = driver.manage().getCookieNamed("atelier_session");
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/studio/files/" + id + ".png")))
                .header("Cookie", cookie.getName() + "=" + cookie.getValue()).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    // which pixels of the mask canvas are painted (alpha > 0), as the page will send them
    @SuppressWarnings("unchecked")
    static boolean[] paintedPixels() {
        var flags = (List<Boolean>) js("const c = document.getElementById('mask-canvas');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "const out = []; for (let i = 3; i < d.length; i += 4) out.push(d[i] > 0); return out;");
        var painted = new boolean[flags.size()];
        for (int i = 0; i < painted.length; i++) painted[i] = flags.get(i);
        return painted;
    }

    static int count(boolean[] painted) {
        int n = 0;
        for (boolean p : painted) if (p) n++;
        return n;
    }

    /** Every pixel left unpainted is the source's exactly; a good part of the painted ones changed. */
    static void assertOnlyThePaintedAreaChanged(BufferedImage before, BufferedImage after, boolean[] painted) {
        int w = before.getWidth();
        int changed = 0;
        for (int i = 0; i < painted.length; i++) {
            int x = i % w;
            int y = i / w;
            boolean same = (before.getRGB(x, y) & 0xFFFFFF) == (after.getRGB(x, y) & 0xFFFFFF);
            if (!painted[i]) assertThat(same).as("kept pixel %d,%d", x, y).isTrue();
            else if (!same) changed++;
        }
        assertThat(changed).isGreaterThan(count(painted) / 2);
    }

    void applyAndAwaitOneResult(String prompt) {
        byId("prompt").clear();
        byId("prompt").sendKeys(prompt);
        byId("apply").click();
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 1);
        assertThat(byId("error").isDisplayed()).isFalse();
    }

    @Test
    @Order(1)
    void uploadAPicturePaintWithTheMouseAndApply() throws Exception {
        Path file = dir.resolve("quadrants.png");
        ImageIO.write(UploadWebTest.quadrants(SIDE), "png", file.toFile());
        driver.get(s.url("/"));
        byId("upload-link").click();
        wait.until(d -> d.getCurrentUrl().endsWith("/edit"));
        assertThat(byId("edit-form").isDisplayed()).isFalse();
        byId("file").sendKeys(file.toString());
        wait.until(d -> byId("edit-form").isDisplayed()
                && Long.valueOf(SIDE).equals(js("return document.getElementById('image').naturalWidth")));
        assertThat(byId("model-field").isDisplayed()).isTrue();
        new org.openqa.selenium.support.ui.Select(byId("model")).selectByValue("atelier-image-2");
        byId("prompt").sendKeys("a green apple");
        byId("apply").click();
        wait.until(d -> byId("error").isDisplayed());
        assertThat(byId("error").getText()).contains("Paint the area");

        // a stroke across the top-left quadrant
        WebElement canvas = byId("mask-canvas");
        int w = canvas.getSize().getWidth();
        new Actions(driver).moveToElement(canvas, -w / 3, -w / 4).clickAndHold().moveByOffset(w / 6, 0).moveByOffset(w / 8, w / 16)
                .release().perform();
        boolean[] painted = paintedPixels();
        assertThat(count(painted)).isBetween(SIDE, SIDE * SIDE / 3);
        applyAndAwaitOneResult("a green apple");
        uploadEdit = driver.findElement(By.cssSelector("#results .result")).getAttribute("data-image-id");
        assertOnlyThePaintedAreaChanged(UploadWebTest.quadrants(SIDE), image(uploadEdit), painted);

        driver.findElement(By.cssSelector("#results .result a")).click();
        wait.until(d -> !byId("png-parameters").getText().isEmpty());
        assertThat(byId("png-parameters").getText()).contains("a green apple").contains("Model: atelier-image-2")
                .contains("Init image: upload.png").contains("Mask: yes");
        assertThat(byId("made-from").isDisplayed()).isFalse();
    }

    @Test
    @Order(2)
    void openTheResultInTheEditorAndPaintWithTheKeyboardOnly() throws Exception {
        driver.get(s.url("/images/" + uploadEdit));
        wait.until(d -> byId("edit").getAttribute("href").endsWith("/images/" + uploadEdit + "/edit"));
        byId("edit").click();
        wait.until(d -> byId("edit-form").isDisplayed());
        assertThat(byId("back").getAttribute("href")).endsWith("/images/" + uploadEdit);

        // Tab from the back link reaches the canvas, which shows a focus ring and the brush cursor at the centre
        js("document.getElementById('back').focus()");
        assertThat(js("return getComputedStyle(document.getElementById('paint')).outlineStyle")).isEqualTo("none");
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertThat(js("return document.activeElement.id")).isEqualTo("mask-canvas");
        assertThat(js("return getComputedStyle(document.getElementById('paint')).outlineStyle")).isEqualTo("solid");
        WebElement cursor = byId("brush-cursor");
        assertThat(cursor.isDisplayed()).isTrue();
        assertThat(cursor.getAttribute("data-x")).isEqualTo(String.valueOf(SIDE / 2));
        assertThat(cursor.getAttribute("data-y")).isEqualTo(String.valueOf(SIDE / 2));
        int size = Integer.parseInt(byId("brush").getAttribute("value"));

        new Actions(driver).sendKeys("[").perform();
        assertThat(Integer.parseInt(byId("brush").getAttribute("value"))).isLessThan(size);
        new Actions(driver).sendKeys("]", "]").perform();
        assertThat(Integer.parseInt(byId("brush").getAttribute("value"))).isGreaterThan(size);
        new Actions(driver).sendKeys("e").perform();
        assertThat(byId("erase").isSelected()).isTrue();
        new Actions(driver).sendKeys("e").perform();
        assertThat(byId("erase").isSelected()).isFalse();
        // to the top-left: left 3 and up 3 steps of half a brush
        new Actions(driver).sendKeys(Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_UP, Keys.ARROW_UP, Keys.ARROW_UP).perform();
        assertThat(Integer.parseInt(cursor.getAttribute("data-x"))).isLessThan(SIDE / 2);
        assertThat(Integer.parseInt(cursor.getAttribute("data-y"))).isLessThan(SIDE / 2);
        assertThat(count(paintedPixels())).isZero();
        assertThat(byId("cursor-status").getText()).startsWith("Brush at " + cursor.getAttribute("data-x") + ", ").contains("pen up");
        // hold Space and move right: a line
        new Actions(driver).keyDown(Keys.SPACE).sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT).keyUp(Keys.SPACE).perform();
        int line = count(paintedPixels());
        assertThat(line).isGreaterThan(0);
        // P puts the pen down: moving down paints without holding a key; P again lifts it
        new Actions(driver).sendKeys("p", Keys.ARROW_DOWN, Keys.ARROW_DOWN).perform();
        assertThat(byId("cursor-status").getText()).contains("painting");
        new Actions(driver).sendKeys("p", Keys.ARROW_DOWN, Keys.ARROW_DOWN).perform();
        boolean[] painted = paintedPixels();
        assertThat(count(painted)).isGreaterThan(line).isLessThan(SIDE * SIDE / 2);
        assertThat(byId("cursor-status").getText()).contains("pen up");
        shot("edit-keyboard", 1200, 1300);
        shot("edit-keyboard-phone", 390, 1100);

        byId("prompt").clear();
        byId("prompt").sendKeys("a blue pear");
        byId("apply").sendKeys(Keys.ENTER);
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 1);
        keyboardEdit = driver.findElement(By.cssSelector("#results .result")).getAttribute("data-image-id");
        assertOnlyThePaintedAreaChanged(image(uploadEdit), image(keyboardEdit), painted);
    }

    @Test
    @Order(3)
    void varyAndUpscaleFromTheResultCards() throws Exception {
        // the editor's result card from the test before
        WebElement card = driver.findElement(By.cssSelector("#results .result"));
        card.findElement(By.cssSelector(".vary")).click();
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 2);
        driver.findElement(By.cssSelector("#results .result[data-image-id='" + keyboardEdit + "'] .upscale-2")).click();
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 3);
        WebElement upscaled = driver.findElement(By.cssSelector("#results .result"));
        assertThat(upscaled.getText()).contains("upscaled 2× to 512x512");
        wait.until(d -> Long.valueOf(2 * SIDE).equals(js("return arguments[0].naturalWidth", upscaled.findElement(By.cssSelector("img")))));
        String id = upscaled.getAttribute("data-image-id");
        js("document.getElementById('results-section').scrollIntoView()");
        shot("upscale-cards", 1200, 1100);
        BufferedImage big = image(id);
        assertThat(big.getWidth()).isEqualTo(2 * SIDE);
        assertThat(big.getHeight()).isEqualTo(2 * SIDE);

        upscaled.findElement(By.cssSelector("a")).click();
        wait.until(d -> byId("made-from").isDisplayed());
        assertThat(byId("made-from-link").getAttribute("href")).endsWith("/images/" + keyboardEdit);
        assertThat(byId("params").getText()).contains("Upscaled").contains("2×").contains("512x512");
        assertThat(byId("png-parameters").getText()).contains("Upscaled: 2x, Upscaler: atelier-image-2 learned");
        shot("upscale-result", 1200, 1100);
        shot("upscale-result-phone", 390, 1100);
    }

    @Test
    @Order(4)
    void upscaleFourTimesFromTheImagePage() throws Exception {
        driver.get(s.url("/images/" + uploadEdit));
        wait.until(d -> byId("image-page").isDisplayed());
        byId("upscale-4").click();
        wait.until(d -> d.findElements(By.cssSelector("#results .result")).size() == 1);
        WebElement upscaled = driver.findElement(By.cssSelector("#results .result"));
        String id = upscaled.getAttribute("data-image-id");
        BufferedImage big = image(id);
        assertThat(big.getWidth()).isEqualTo(4 * SIDE);
        assertThat(big.getHeight()).isEqualTo(4 * SIDE);
        upscaled.findElement(By.cssSelector("a")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/images/" + id) && byId("made-from").isDisplayed());
        assertThat(byId("made-from-link").getAttribute("href")).endsWith("/images/" + uploadEdit);
    }

    @Test
    @Order(5)
    void dropAPictureOnThePageAndSeeAPlainMessageForAnythingElse() throws Exception {
        var png = new java.io.ByteArrayOutputStream();
        ImageIO.write(UploadWebTest.quadrants(), "png", png);
        driver.get(s.url("/edit"));
        wait.until(d -> byId("drop").isDisplayed());
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a picture");
        byId("file").sendKeys(text.toString());
        wait.until(d -> byId("load-error").isDisplayed());
        assertThat(byId("load-error").getText()).contains("Choose a PNG or JPEG picture").contains("notes.txt");
        assertThat(byId("edit-form").isDisplayed()).isFalse();
        js("const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));"
                + "const dt = new DataTransfer(); dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));"
                + "document.getElementById('main').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));",
                java.util.Base64.getEncoder().encodeToString(png.toByteArray()));
        wait.until(d -> byId("edit-form").isDisplayed()
                && Long.valueOf(64).equals(js("return document.getElementById('image').naturalWidth")));
        assertThat(driver.getTitle()).contains("dropped.png");
        assertThat(byId("load-error").isDisplayed()).isFalse();
        assertThat(js("return document.activeElement.id")).isEqualTo("mask-canvas");
        assertThat(js("return document.getElementById('mask-canvas').width")).isEqualTo(64L);
    }
}
