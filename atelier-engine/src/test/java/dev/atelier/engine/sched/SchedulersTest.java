package dev.atelier.engine.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engine.io.Npz;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Building schedulers from configs, including another class's config (diffusers' {@code from_config}). */
class SchedulersTest {
    private static final Path FIXTURES = Path.of(System.getProperty("atelier.root", ".")).resolve("../shared/fixtures");

    @Test
    void eulerFromAModelsPndmConfigKeepsItsBetasAndSpacing() {
        SchedulerConfig pndm = SchedulerConfig.read(FIXTURES.resolve("tiny-sd-onnx/scheduler/scheduler_config.json"));
        SequentialRun run = (SequentialRun) Schedulers.create(SchedulerKind.EULER, pndm).start(4);

        // leading spacing and steps_offset 1 carry over, as do the scaled_linear betas
        assertThat(run.timesteps()).containsExactly(751, 501, 251, 1);
        SequentialRun linspace = (SequentialRun) Schedulers.create(SchedulerKind.EULER,
                pndm.with("timestep_spacing", "linspace")).start(4);
        double[] golden = Npz.read(FIXTURES.resolve("sd-golden/schedulers/euler_4.npz")).get("sigmas").data();
        assertThat(linspace.sigmas()).containsExactly(golden);
    }

    @Test
    void keysTheTargetClassDoesNotReadAreIgnored() {
        SchedulerConfig pndm = SchedulerConfig.parse("{\"skip_prk_steps\": true, \"set_alpha_to_one\": false}");
        assertThat(Schedulers.create(SchedulerKind.UNIPC, pndm).kind()).isEqualTo(SchedulerKind.UNIPC);
    }

    @Test
    void absentKeysTakeTheTargetClassDefaults() {
        // LCM defaults to scaled_linear 0.00085..0.012 and 50 original steps; DDIM to clip_sample true
        assertThat(Schedulers.create(SchedulerKind.LCM, SchedulerConfig.empty()).start(2).timesteps())
                .containsExactly(999, 499);
        assertThat(Schedulers.create(SchedulerKind.DDIM, SchedulerConfig.empty()).start(2).timesteps())
                .containsExactly(500, 0);
    }

    @Test
    void onlyFlowMatchingReportsTheScaleOfItsTimesteps() {
        assertThat(Schedulers.create(SchedulerKind.FLOW_EULER, SchedulerConfig.parse("{\"num_train_timesteps\": 500}"))
                .flowTimestepScale()).hasValue(500);
        assertThat(Schedulers.create(SchedulerKind.FLOW_EULER, SchedulerConfig.empty()).flowTimestepScale()).hasValue(1000);
        assertThat(Schedulers.create(SchedulerKind.EULER, SchedulerConfig.empty()).flowTimestepScale()).isEmpty();
    }

    @Test
    void karrasOverrideIsRefusedWhereTheClassHasNone() {
        assertThatThrownBy(() -> Schedulers.create(SchedulerKind.DDIM, SchedulerConfig.empty(), true))
                .hasMessageContaining("ddim").hasMessageContaining("dpmpp-2m");
        assertThat(Schedulers.create(SchedulerKind.DDIM, SchedulerConfig.empty(), false).kind()).isEqualTo(SchedulerKind.DDIM);
    }

    @Test
    void unsupportedValuesAreNamed() {
        assertThatThrownBy(() -> Schedulers.create(SchedulerKind.EULER, SchedulerConfig.parse("{\"beta_schedule\": \"exp\"}")))
                .hasMessageContaining("beta_schedule 'exp'").hasMessageContaining("squaredcos_cap_v2");
        assertThatThrownBy(() -> Schedulers.create(SchedulerKind.EULER_ANCESTRAL,
                SchedulerConfig.parse("{\"prediction_type\": \"sample\"}"))).hasMessageContaining("prediction_type 'sample'");
        assertThatThrownBy(() -> Schedulers.create(SchedulerKind.DDIM, SchedulerConfig.parse("{\"timestep_spacing\": \"odd\"}")))
                .hasMessageContaining("timestep_spacing 'odd'");
        assertThatThrownBy(() -> Schedulers.create(SchedulerKind.DPMPP_2M, SchedulerConfig.parse("{\"thresholding\": true}")))
                .hasMessageContaining("thresholding");
        assertThatThrownBy(() -> Schedulers.create(SchedulerKind.FLOW_EULER,
                SchedulerConfig.parse("{\"use_dynamic_shifting\": true}"))).hasMessageContaining("use_dynamic_shifting");
        assertThatThrownBy(() -> Schedulers.create(SchedulerKind.EULER, SchedulerConfig.empty()).start(0))
                .hasMessageContaining("steps must be in [1, 1000], got 0");
    }

    @Test
    void squaredCosineAndTrainedBetasBuild() {
        SchedulerConfig cosine = SchedulerConfig.parse("{\"beta_schedule\": \"squaredcos_cap_v2\"}");
        assertThat(Schedulers.create(SchedulerKind.DDIM, cosine).start(10).timesteps()).hasSize(10);
        double[] betas = new double[1000];
        java.util.Arrays.fill(betas, 0.01);
        SchedulerConfig trained = SchedulerConfig.of(java.util.Map.of("trained_betas", betas));
        SequentialRun run = (SequentialRun) Schedulers.create(SchedulerKind.EULER, trained).start(10);
        // alphas_cumprod at t = 999 is 0.99^1000
        assertThat(run.sigmas()[0]).isCloseTo(Math.sqrt((1 - Math.pow(0.99, 1000)) / Math.pow(0.99, 1000)),
                org.assertj.core.api.Assertions.within(1e-3));
    }
}
