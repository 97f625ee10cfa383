package raftlab.kvservice;

import java.util.concurrent.CompletableFuture;

/** The RPC clerks call on a key/value server. */
public interface KvService {
    CompletableFuture<KvReply> execute(KvRequest request);
}
