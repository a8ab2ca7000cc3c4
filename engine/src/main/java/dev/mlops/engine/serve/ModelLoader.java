package dev.mlops.engine.serve;

/** Loads a version of the served model (from the registry, in production). */
@FunctionalInterface
public interface ModelLoader {
    DeployedModel load(int version) throws java.io.IOException;
}
