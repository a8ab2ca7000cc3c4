/** {@code evaluateGate}: the model gate, {@code mlops evaluate} on the agent. */
package dev.mlops.jenkins.evaluate;
