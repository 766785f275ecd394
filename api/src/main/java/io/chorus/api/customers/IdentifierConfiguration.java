package io.chorus.api.customers;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code chorus.identifiers.*}: how identifiers are normalised (CONTRACT.md section 2.4). The default country is
 * the one a national number such as {@code 07700 900001} belongs to; environment variable
 * {@code CHORUS_IDENTIFIERS_DEFAULT_COUNTRY_CODE}.
 */
@ConfigurationProperties("chorus.identifiers")
public class IdentifierConfiguration {
    private String defaultCountryCode = "+44";

    public String getDefaultCountryCode() {
        return defaultCountryCode;
    }

    public void setDefaultCountryCode(String defaultCountryCode) {
        this.defaultCountryCode = defaultCountryCode;
    }
}
