/**
 * What the mlops steps leave on builds and jobs: the build's lineage action (summary, full lineage page, REST), and
 * the job's metric trend chart.
 */
package dev.mlops.jenkins.lineage;
