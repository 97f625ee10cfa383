package raftlab.snapshots;

import java.util.concurrent.CompletableFuture;

/** The RPC a leader sends a peer that needs entries only its snapshot still holds. */
public interface SnapshotRpc {
    CompletableFuture<InstallSnapshotReply> installSnapshot(InstallSnapshotArgs args);
}
