package io.tally.license.licences.service;

/** No licence with this id is installed. */
public class LicenceNotFoundException extends RuntimeException {

    public LicenceNotFoundException(String id) {
        super("No licence with id '" + id + "' is installed.");
    }
}
