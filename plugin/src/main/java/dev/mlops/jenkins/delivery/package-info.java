/**
 * The job page's "ML delivery" section and its REST: the delivery figures ({@code mlops delivery}, computed on the
 * agent after each step that registers or rolls out a model) of the models the job's builds touched.
 */
package dev.mlops.jenkins.delivery;
