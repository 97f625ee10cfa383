package raftlab.persistence;

import raftlab.election.Durability;
import raftlab.labrpc.storage.HardState;
import raftlab.labrpc.storage.Storage;

/**
 * Term and vote on durable storage. The node saves them whenever they change, before it replies or
 * sends; a save returns only once a crash would keep it.
 */
final class StorageDurability implements Durability {
    private final Storage storage;

    StorageDurability(Storage storage) {
        this.storage = storage;
    }

    @Override
    public HardState load() {
        return storage.hardState();
    }

    @Override
    public void save(HardState state) {
        // BEGIN SOLUTION
        storage.saveHardState(state);
        storage.sync();
        // ELSE STUB
        // // TODO lab 3: make term and vote durable before returning
        // END SOLUTION
    }
}
