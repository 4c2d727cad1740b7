package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /api/v1/auth/totp/confirm: two-factor is on; these one-time recovery codes are shown only now. */
public record RecoveryCodeList(@JsonProperty("recovery_codes") List<String> recoveryCodes) {}
