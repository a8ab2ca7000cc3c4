package dev.mlops.jenkins.train;

import dev.mlops.jenkins.TestData;
import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** What docs/jenkins.md promises: a controller restart during a long step fails it clearly, never hangs it. */
class TrainModelRestartITest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void aRestartDuringTrainingFailsTheStepWithAClearMessage() throws Throwable {
        sessions.then(j -> {
            WorkflowJob job = j.createProject(WorkflowJob.class, "long-training");
            job.setDefinition(new CpsFlowDefinition("node {\n"
                    + "  trainModel data: 'data/train.csv', target: 'churned', algorithm: 'random-forest', seed: 1,"
                    + " params: [numTrees: 300]\n}", true));
            TestData.copyInto(j.jenkins.getWorkspaceFor(job));
            WorkflowRun run = job.scheduleBuild2(0).waitForStart();
            j.waitForMessage("training random-forest", run);
        });
        sessions.then(j -> {
            WorkflowRun run = j.jenkins.getItemByFullName("long-training", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(run));
            j.assertLogContains("cannot be resumed after a controller restart", run);
        });
    }
}
