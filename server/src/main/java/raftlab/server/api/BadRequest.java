package raftlab.server.api;

/** A refusal of the client API: its HTTP status and message, answered as {@code {"error": message}}. */
public final class BadRequest extends RuntimeException {
    public final int status;

    public BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
