package dev.mlops.jenkins.engine;

import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import jenkins.model.Jenkins;

/** Form validation shared by the steps' snippet-generator forms: only users who may configure the job get answers. */
public final class FormChecks {

    private FormChecks() {
    }

    /** An error when a required field is empty; nothing at all for users without Item.CONFIGURE. */
    public static FormValidation required(Item item, String value, String message) {
        boolean allowed = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.CONFIGURE);
        if (!allowed || Util.fixEmptyAndTrim(value) != null) {
            return FormValidation.ok();
        }
        return FormValidation.error(message);
    }
}
