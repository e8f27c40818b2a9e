package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.arena.Simulation;
import dev.atelier.server.safety.SafeguardSetup;
import dev.atelier.server.service.StudioLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The arena's pages in real headless Chromium: the empty leaderboard says so, a battle shows both images in the same
 * instant and "Next battle" only after the vote, and ratings from few battles are marked provisional.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArenaBrowserTest {
    @TempDir
    static Path dir;
    static WebTestServer s;
    static WebDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        s = WebTestServer.start(dir, """
                contestants:
                  - {name: tiny-2-steps, model: tiny-sd, size: 64x64, steps: 2}
                  - {name: tiny-3-euler, model: tiny-sd, size: 64x64, steps: 3, scheduler: euler}
                prompts: ["a red apple"]
                """, c -> c, StudioLimits.defaults(), SafeguardSetup.none());
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
    void anEmptyLeaderboardSaysNoBattlesYet() throws Exception {
        driver.get(s.url("/arena/leaderboard"));
        wait.until(d -> byId("summary").getAttribute("data-votes") != null);
        assertThat(byId("empty").isDisplayed()).isTrue();
        assertThat(byId("empty").getText()).isEqualTo("No battles yet.");
        assertThat(byId("board").isDisplayed()).isFalse();
        assertThat(driver.getPageSource()).doesNotContain("1000 – 1000");
        shot("leaderboard-empty");
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void bothImagesAppearTogetherAndNextBattleOnlyAfterTheVote() {
        driver.get(s.url("/arena"));
        // record, at every change of the page, whether one image is shown without the other
        ((JavascriptExecutor) driver).executeScript("""
                window.__seen = [];
                const check = () => {
                  const duel = document.getElementById('duel');
                  const a = document.getElementById('img-a'), b = document.getElementById('img-b');
                  if (!duel.hidden) window.__seen.push({a: a.complete && a.naturalWidth > 0, b: b.complete && b.naturalWidth > 0,
                      next: !document.getElementById('next-battle').hidden});
                };
                new MutationObserver(check).observe(document.body, {subtree: true, attributes: true, childList: true});
                """);
        assertThat(byId("next-battle").isDisplayed()).isFalse();
        byId("battle-start").click();
        wait.until(d -> byId("vote-a").isEnabled());
        assertThat(byId("next-battle").isDisplayed()).as("Next battle before the vote").isFalse();
        var seen = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript("return window.__seen;");
        assertThat(seen).isNotEmpty().allSatisfy(m -> {
            assertThat(m.get("a")).as("image A when the duel shows").isEqualTo(true);
            assertThat(m.get("b")).as("image B when the duel shows").isEqualTo(true);
            assertThat(m.get("next")).isEqualTo(false);
        });
        byId("vote-a").click();
        wait.until(d -> !byId("reveal-a").getText().isEmpty());
        assertThat(byId("next-battle").isDisplayed()).isTrue();
        byId("next-battle").click();
        wait.until(d -> !byId("next-battle").isDisplayed());
        assertThat(byId("duel").isDisplayed()).as("the last battle's images are gone").isFalse();
    }

    @Test
    @Order(3)
    void ratingsFromFewBattlesAreMarkedProvisional() throws Exception {
        Simulation.run(s.server.arena(), 3, Simulation.rule("fixed:tiny-2-steps,tiny-3-euler", 1), "simulator",
                Duration.ofSeconds(60), line -> { });
        driver.get(s.url("/arena/leaderboard"));
        wait.until(d -> byId("summary").getAttribute("data-votes") != null);
        assertThat(byId("empty").isDisplayed()).isFalse();
        var rows = driver.findElements(By.cssSelector("#board tbody tr"));
        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.getAttribute("data-provisional")).isEqualTo("true");
            assertThat(r.findElement(By.cssSelector(".provisional-mark")).getText()).isEqualTo("*");
        });
        assertThat(byId("method").getText()).contains("provisional");
        shot("leaderboard-provisional");
    }
}
