package dev.mlops.engine.lineage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The git state of the working directory (read with JGit, no git binary needed).
 *
 * @param committedAt when HEAD was committed (committer time, ISO-8601): where a change's lead time starts when its
 *                  data's arrival is not known
 * @param dirty     whether tracked files differ from the commit (untracked files do not count; they are listed)
 * @param changed   tracked paths that differ from the commit
 * @param untracked files git does not track (capped at {@value #MAX_PATHS})
 */
public record GitState(String commit, String committedAt, String branch, String remote, boolean dirty,
                       List<String> changed, List<String> untracked) {

    static final int MAX_PATHS = 200;

    /** The state of the repository containing {@code dir}, or empty when it is not in one (or has no commit yet). */
    public static Optional<GitState> of(Path dir) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment()
                .findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = builder.build(); Git git = new Git(repo)) {
            ObjectId head = repo.resolve("HEAD");
            if (head == null) {
                return Optional.empty();
            }
            Status status = git.status().call();
            TreeSet<String> changed = new TreeSet<>();
            changed.addAll(status.getModified());
            changed.addAll(status.getChanged());
            changed.addAll(status.getAdded());
            changed.addAll(status.getRemoved());
            changed.addAll(status.getMissing());
            changed.addAll(status.getConflicting());
            String remote = repo.getConfig().getString("remote", "origin", "url");
            String committedAt;
            try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
                committedAt = walk.parseCommit(head).getCommitterIdent().getWhenAsInstant().toString();
            }
            return Optional.of(new GitState(head.name(), committedAt, repo.getBranch(), remote, !changed.isEmpty(),
                    changed.stream().limit(MAX_PATHS).toList(),
                    status.getUntracked().stream().sorted().limit(MAX_PATHS).toList()));
        } catch (IOException | GitAPIException e) {
            return Optional.empty();
        }
    }
}
