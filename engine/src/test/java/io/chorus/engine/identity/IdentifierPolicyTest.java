package io.chorus.engine.identity;

import io.chorus.engine.context.Identifier;
import io.chorus.engine.context.IdentifierType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static io.chorus.engine.context.IdentifierType.ACCOUNT;
import static io.chorus.engine.context.IdentifierType.EMAIL;
import static io.chorus.engine.context.IdentifierType.MSISDN;
import static io.chorus.engine.context.IdentifierType.SOCIAL;
import static io.chorus.engine.context.IdentifierType.STORE_CARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifierPolicyTest {
    private static final IdentifierPolicy UK = IdentifierPolicy.UNITED_KINGDOM;
    private static final String SAMS_MOBILE = "+447700900001";

    @ParameterizedTest
    @ValueSource(strings = {"+447700900001", "07700 900001", "07700-900-001", "07700.900.001", "(07700) 900001",
            "0044 7700 900001", "+44 (0)7700 900001", "+44 (0) 7700 900 001", "(+44) 7700 900001",
            "447700900001", " 447700900001", "\u00a0+44\u00a07700\u2013900001 "})
    void everyWayOfWritingSamsMobileIsTheOneE164Number(String written) {
        assertThat(UK.normalise(MSISDN, written)).isEqualTo(SAMS_MOBILE);
    }

    @Test
    void aNationalNumberTakesTheConfiguredCountry() {
        IdentifierPolicy ireland = new IdentifierPolicy("+353");

        assertThat(ireland.normalise(MSISDN, "085 123 4567")).isEqualTo("+353851234567");
        assertThat(ireland.normalise(MSISDN, "+44 7700 900001")).isEqualTo(SAMS_MOBILE);
    }

    @Test
    void aForeignNumberKeepsItsOwnCountry() {
        assertThat(UK.normalise(MSISDN, "+33 6 12 34 56 78")).isEqualTo("+33612345678");
        assertThat(UK.normalise(MSISDN, "0033 6 12 34 56 78")).isEqualTo("+33612345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"07700 9OOOO1", "call me", "+44 7700 900001 ext 2", "07700/900001", "44+7700900001"})
    void anMsisdnWithLettersOrOtherSymbolsIsNotAPhoneNumber(String written) {
        assertThatThrownBy(() -> UK.normalise(MSISDN, written)).isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("not a phone number");
    }

    @Test
    void anMsisdnWithTooFewOrTooManyDigitsForE164IsNotAPhoneNumber() {
        assertThatThrownBy(() -> UK.normalise(MSISDN, "01234")).hasMessageContaining("6 digits");
        assertThatThrownBy(() -> UK.normalise(MSISDN, "+44 7700 900001 2345"))
                .hasMessageContaining("16 digits").hasMessageContaining("7 to 15");
        assertThat(UK.normalise(MSISDN, "+44 7700 900001 234")).hasSize(16);
    }

    @Test
    void aNumberWithoutAnyPrefixIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> UK.normalise(MSISDN, "7700 900001"))
                .hasMessageContaining("no international prefix").hasMessageContaining("national number (0");
        assertThatThrownBy(() -> UK.normalise(MSISDN, "33612345678")).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void aCountryCodeNeverStartsWithZero() {
        assertThatThrownBy(() -> UK.normalise(MSISDN, "+07700900001")).hasMessageContaining("never starts with 0");
        assertThatThrownBy(() -> UK.normalise(MSISDN, "000 7700 900001")).hasMessageContaining("never starts with 0");
    }

    @Test
    void anEmailIsTrimmedAndCaseInsensitive() {
        assertThat(UK.normalise(EMAIL, "  Sam.Rivers@Example.COM ")).isEqualTo("sam.rivers@example.com");
    }

    @Test
    void aSocialHandleIsCaseInsensitiveWithOrWithoutItsAt() {
        assertThat(UK.normalise(SOCIAL, "samrivers")).isEqualTo("@samrivers");
        assertThat(UK.normalise(SOCIAL, "@SamRivers")).isEqualTo("@samrivers");
        assertThat(UK.normalise(SOCIAL, " @samrivers ")).isEqualTo("@samrivers");
    }

    @Test
    void anAccountOrStoreCardIsTrimmedAndOtherwiseExact() {
        assertThat(UK.normalise(ACCOUNT, " BA-77 ")).isEqualTo("BA-77");
        assertThat(UK.normalise(ACCOUNT, "ba-77")).isEqualTo("ba-77");
        assertThat(UK.normalise(STORE_CARD, "SC-5521\t")).isEqualTo("SC-5521");
    }

    @Test
    void anEmptyValueNamesNobody() {
        for (IdentifierType type : IdentifierType.values()) {
            assertThatThrownBy(() -> UK.normalise(type, "  ")).as(type.name()).hasMessage("must not be empty");
        }
        assertThatThrownBy(() -> UK.normalise(SOCIAL, "@")).hasMessage("must not be empty");
        assertThatThrownBy(() -> UK.normalise(EMAIL, null)).hasMessage("required");
    }

    @Test
    void aValueLongerThan128CharactersIsRefusedWhateverItsType() {
        String longEmail = "a".repeat(120) + "@example.com";

        assertThatThrownBy(() -> UK.normalise(EMAIL, longEmail)).hasMessage("at most 128 characters, was 132");
        assertThatThrownBy(() -> UK.normalise(MSISDN, "0".repeat(129))).hasMessageContaining("at most 128");
        assertThat(UK.normalise(ACCOUNT, "A".repeat(128))).hasSize(128);
    }

    @Test
    void aNulCharacterIsRefused() {
        assertThatThrownBy(() -> UK.normalise(ACCOUNT, "BA\u000077")).hasMessageContaining("NUL");
    }

    @Test
    void theWholeIdentifierKeepsItsType() {
        assertThat(UK.normalise(new Identifier(EMAIL, "SAM@EXAMPLE.COM")))
                .isEqualTo(new Identifier(EMAIL, "sam@example.com"));
    }

    @Test
    void aQueryParameterReadsTypeColonValue() {
        assertThat(UK.parse("MSISDN:07700 900001")).isEqualTo(new Identifier(MSISDN, SAMS_MOBILE));
        assertThat(UK.parse("EMAIL:Sam@Example.com")).isEqualTo(new Identifier(EMAIL, "sam@example.com"));
        assertThat(UK.parse("ACCOUNT:BA:77")).isEqualTo(new Identifier(ACCOUNT, "BA:77"));
    }

    @Test
    void aMalformedQueryParameterSaysWhatIsWrong() {
        assertThatThrownBy(() -> UK.parse("sam@example.com")).hasMessageContaining("expected TYPE:VALUE");
        assertThatThrownBy(() -> UK.parse("FAX:0161 496 0000")).hasMessageContaining("unknown identifier type \"FAX\"")
                .hasMessageContaining("MSISDN");
        assertThatThrownBy(() -> UK.parse("email:sam@example.com")).hasMessageContaining("unknown identifier type");
        assertThatThrownBy(() -> UK.parse("EMAIL:")).hasMessage("must not be empty");
        assertThatThrownBy(() -> UK.parse("")).hasMessageContaining("required");
    }

    @Test
    void theDefaultCountryIsACountryCallingCodeWithOrWithoutItsPlus() {
        assertThat(new IdentifierPolicy("44")).isEqualTo(UK);
        assertThat(new IdentifierPolicy(" +44 ").defaultCountryCode()).isEqualTo("+44");
        for (String wrong : new String[]{"", "+", "+0", "+4444", "UK", "+4 4"}) {
            assertThatThrownBy(() -> new IdentifierPolicy(wrong)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("country calling code");
        }
        assertThatThrownBy(() -> new IdentifierPolicy(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
