package dev.mlops.engine.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageTest {

    @TempDir
    Path dir;

    static final Map<String, String> JENKINS = Map.of("JENKINS_URL", "http://ci/", "JOB_NAME", "train-churn",
            "BUILD_NUMBER", "17", "BUILD_URL", "http://ci/job/train-churn/17/", "BUILD_TAG", "jenkins-train-churn-17",
            "BUILD_USER_ID", "alice");

    @Test
    void jenkinsGithubAndGitlabContextsAreRecognised() {
        RunContext jenkins = RunContext.detect(JENKINS);
        assertThat(jenkins.system()).isEqualTo("jenkins");
        assertThat(jenkins.fields()).containsEntry("job", "train-churn").containsEntry("build", "17")
                .containsEntry("url", "http://ci/job/train-churn/17/").containsEntry("user", "alice");
        assertThat(jenkins.runId()).isEqualTo("jenkins-train-churn-17");

        RunContext github = RunContext.detect(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "acme/ml",
                "GITHUB_RUN_ID", "99", "GITHUB_SERVER_URL", "https://github.com", "GITHUB_ACTOR", "octocat"));
        assertThat(github.system()).isEqualTo("github-actions");
        assertThat(github.fields()).containsEntry("url", "https://github.com/acme/ml/actions/runs/99")
                .containsEntry("user", "octocat");
        assertThat(github.runId()).isEqualTo("acme/ml/99/1");

        RunContext gitlab = RunContext.detect(Map.of("GITLAB_CI", "true", "CI_PROJECT_PATH", "acme/ml",
                "CI_PIPELINE_ID", "5", "CI_JOB_URL", "https://gitlab/acme/ml/-/jobs/8"));
        assertThat(gitlab.system()).isEqualTo("gitlab-ci");
        assertThat(gitlab.runId()).isEqualTo("acme/ml/5");

        RunContext local = RunContext.detect(Map.of("USER", "bob"));
        assertThat(local.system()).isEqualTo("local");
        assertThat(local.fields()).containsEntry("user", "bob").containsKey("host");
        assertThat(local.runId()).isNull();
    }

    @Test
    void gitStateOfARealRepository() throws Exception {
        assertThat(GitState.of(dir)).isEmpty();
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("train.py"), "print(1)\n");
            git.add().addFilepattern("train.py").call();
            git.commit().setMessage("first").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call();
            git.getRepository().getConfig().setString("remote", "origin", "url", "https://example.com/acme/ml.git");
            git.getRepository().getConfig().save();
            GitState clean = GitState.of(dir).orElseThrow();
            assertThat(clean.commit()).hasSize(40);
            assertThat(clean.branch()).isEqualTo("main");
            assertThat(clean.remote()).isEqualTo("https://example.com/acme/ml.git");
            assertThat(clean.dirty()).isFalse();

            Files.writeString(dir.resolve("train.py"), "print(2)\n");
            Files.writeString(dir.resolve("notes.txt"), "scratch");
            GitState dirty = GitState.of(dir.resolve(".")).orElseThrow();
            assertThat(dirty.dirty()).isTrue();
            assertThat(dirty.changed()).containsExactly("train.py");
            assertThat(dirty.untracked()).containsExactly("notes.txt");
        }
    }

    @Test
    void dvcHashesComeFromDotDvcFilesOrDvcLock() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path data = Files.writeString(dir.resolve("data/train.csv"), "x");
        assertThat(DvcHash.of(data)).isEmpty();
        Files.writeString(dir.resolve("data/train.csv.dvc"), "outs:\n- md5: 0123abcd\n  size: 1\n  path: train.csv\n");
        assertThat(DvcHash.of(data)).contains("md5:0123abcd");
        Path other = Files.writeString(dir.resolve("data/holdout.csv"), "y");
        Files.writeString(dir.resolve("dvc.lock"), "schema: '2.0'\nstages:\n  prepare:\n    cmd: python prep.py\n"
                + "    outs:\n    - path: data/holdout.csv\n      md5: feedbeef\n");
        assertThat(DvcHash.of(other)).contains("md5:feedbeef");
    }

    @Test
    void stepsOfOneRunJoinOneRecordAndANewRunStartsAnother() {
        Path file = dir.resolve(".mlops/lineage.json");
        Lineage.append(file, JENKINS, dir, Map.of("command", "validate", "status", "passed"));
        ObjectNode record = Lineage.append(file, JENKINS, dir, Map.of("command", "train", "status", "passed"));
        assertThat(record.get("runId").asText()).isEqualTo("jenkins-train-churn-17");
        assertThat(record.get("steps")).hasSize(2);
        assertThat(record.get("context").get("fields").get("job").asText()).isEqualTo("train-churn");
        assertThat(record.get("environment").get("tribuo").asText()).isEqualTo("4.3.2");

        Map<String, String> next = new java.util.HashMap<>(JENKINS);
        next.put("BUILD_NUMBER", "18");
        next.put("BUILD_TAG", "jenkins-train-churn-18");
        ObjectNode second = Lineage.append(file, next, dir, Map.of("command", "validate", "status", "passed"));
        assertThat(second.get("runId").asText()).isEqualTo("jenkins-train-churn-18");
        assertThat(second.get("steps")).hasSize(1);
        assertThat(Lineage.read(file).get("steps")).hasSize(1);
    }

    @Test
    void aJenkinsBuildWithoutRootUrlIsStillOneRunAndAnExplicitIdentityWins() {
        // What core gives a build when no root URL is configured: no JENKINS_URL, no BUILD_URL.
        Map<String, String> noRootUrl = Map.of("JOB_NAME", "train-churn", "BUILD_NUMBER", "4");
        RunContext detected = RunContext.detect(noRootUrl);
        assertThat(detected.system()).isEqualTo("jenkins");
        assertThat(detected.runId()).isEqualTo("train-churn#4");

        Map<String, String> explicit = new java.util.HashMap<>(JENKINS);
        explicit.put(RunContext.RUN_ID_VARIABLE, "jenkins:train-churn#17");
        RunContext named = RunContext.detect(explicit);
        assertThat(named.system()).isEqualTo("jenkins");
        assertThat(named.runId()).isEqualTo("jenkins:train-churn#17");
        assertThat(RunContext.detect(Map.of(RunContext.RUN_ID_VARIABLE, "nightly-7", "USER", "bob")).runId())
                .isEqualTo("nightly-7");
        assertThat(RunContext.detect(Map.of(RunContext.RUN_ID_VARIABLE, " ", "USER", "bob")).runId()).isNull();

        // Builds #2, #3 and #4 of one job, each with its identity: three records, never one merged one.
        Path file = dir.resolve(".mlops/lineage.json");
        for (int build = 2; build <= 4; build++) {
            Map<String, String> env = Map.of("JOB_NAME", "train-churn", "BUILD_NUMBER", String.valueOf(build),
                    RunContext.RUN_ID_VARIABLE, "jenkins:train-churn#" + build);
            Lineage.append(file, env, dir, Map.of("command", "validate", "status", "passed"));
            ObjectNode record = Lineage.append(file, env, dir, Map.of("command", "train", "status", "passed"));
            assertThat(record.get("runId").asText()).isEqualTo("jenkins:train-churn#" + build);
            assertThat(record.get("steps")).hasSize(2);
        }
    }

    @Test
    void copiesOfOneRunMergeIntoOneRecordWithEveryStepOnceInTimeOrder() {
        Map<String, String> env = Map.of("JOB_NAME", "train-churn", "BUILD_NUMBER", "9",
                RunContext.RUN_ID_VARIABLE, "jenkins:train-churn#9");
        // Two parallel branches in two workspaces, each with its own copy of the build's record.
        Path left = dir.resolve("left/.mlops/lineage.json");
        Path right = dir.resolve("right/.mlops/lineage.json");
        Lineage.append(left, env, dir, Map.of("command", "validate", "status", "passed"));
        Lineage.append(right, env, dir, Map.of("command", "train", "status", "passed"));
        ObjectNode leftRecord = Lineage.append(left, env, dir, Map.of("command", "evaluate", "status", "passed"));
        ObjectNode rightRecord = Lineage.read(right);

        ObjectNode merged = Lineage.merge(java.util.List.of(leftRecord, rightRecord));
        assertThat(merged.get("runId").asText()).isEqualTo("jenkins:train-churn#9");
        assertThat(merged.get("steps")).extracting(step -> step.get("command").asText())
                .containsExactly("validate", "train", "evaluate");
        assertThat(merged.get("createdAt").asText()).isEqualTo(leftRecord.get("createdAt").asText());
        assertThat(merged.get("updatedAt").asText()).isEqualTo(leftRecord.get("updatedAt").asText());

        // Merging again with a copy that holds steps already merged adds nothing.
        ObjectNode again = Lineage.merge(java.util.List.of(merged, leftRecord, rightRecord));
        assertThat(again.get("steps")).hasSize(3);
        assertThat(again).isEqualTo(merged);

        ObjectNode otherRun = Lineage.append(dir.resolve("other/lineage.json"), Map.of("JOB_NAME", "train-churn",
                "BUILD_NUMBER", "10"), dir, Map.of("command", "validate", "status", "passed"));
        assertThatThrownBy(() -> Lineage.merge(java.util.List.of(merged, otherRun)))
                .hasMessageContaining("different runs").hasMessageContaining("train-churn#10");
    }

    @Test
    void aFileThatIsNotALineageRecordIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("x.json"), "{\"steps\": 3}");
        assertThatThrownBy(() -> Lineage.read(file)).isInstanceOf(InputException.class)
                .hasMessageContaining("is not a lineage record");
    }
}
