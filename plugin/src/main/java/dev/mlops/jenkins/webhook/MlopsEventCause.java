package dev.mlops.jenkins.webhook;

import hudson.model.Cause;

/** Why a build started: a signed mlops or MLflow event received by the webhook. */
public final class MlopsEventCause extends Cause {

    private final String eventType;
    private final String model;
    private final String dataset;

    MlopsEventCause(String eventType, String model, String dataset) {
        this.eventType = eventType;
        this.model = model;
        this.dataset = dataset;
    }

    public String getEventType() {
        return eventType;
    }

    public String getModel() {
        return model;
    }

    public String getDataset() {
        return dataset;
    }

    @Override
    public String getShortDescription() {
        return Messages.MlopsEventCause_ShortDescription(eventType, model == null ? "-" : model,
                dataset == null ? "-" : dataset);
    }
}
