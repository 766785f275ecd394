package io.chorus.cli;

/** Something the user can fix, with a message that says where: printed as is, exit code 1. */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
