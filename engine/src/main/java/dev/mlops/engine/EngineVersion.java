package dev.mlops.engine;

/** The engine's version, as packaged; results and lineage record it. */
public final class EngineVersion {

    private EngineVersion() {
    }

    public static String get() {
        String version = EngineVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
