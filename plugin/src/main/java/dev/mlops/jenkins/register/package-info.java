/** {@code registerModel}: {@code mlops register} on the agent, into the file registry or MLflow. */
package dev.mlops.jenkins.register;
