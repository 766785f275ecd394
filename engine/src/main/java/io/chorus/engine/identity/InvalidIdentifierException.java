package io.chorus.engine.identity;

/**
 * An identifier that cannot name anyone: an MSISDN that is not a phone number, an empty value, one too long. The
 * message is a sentence for whoever sent it; the caller adds the field it came from.
 */
public class InvalidIdentifierException extends IllegalArgumentException {
    public InvalidIdentifierException(String message) {
        super(message);
    }
}
