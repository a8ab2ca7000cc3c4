/**
 * Running the engine on an agent: the shipped jar cached by SHA-256 ({@link dev.mlops.jenkins.engine.EngineJar}) or
 * a tool installation ({@link dev.mlops.jenkins.engine.MlopsInstallation}), the process with secrets in its
 * environment and masked in the log ({@link dev.mlops.jenkins.engine.EngineProcess}), the JSON result
 * ({@link dev.mlops.jenkins.engine.EngineResult}), and the base classes every step builds on.
 */
package dev.mlops.jenkins.engine;
