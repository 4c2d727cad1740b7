package io.drover.server.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.identity.RecoveryCodeList;
import io.drover.protocol.identity.TotpCode;
import io.drover.protocol.identity.TotpDisable;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Bodies;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Route;
import io.drover.server.http.limits.LoginThrottle;
import io.javalin.http.Context;
import java.util.List;

/**
 * Two-factor routes: {@code /api/v1/auth/totp/*} for the signed-in user's own second factor, and
 * an admin's {@code POST /api/v1/users/{id}/totp/reset}. Everything that carries the secret or
 * recovery codes is sent with {@code Cache-Control: no-store}.
 */
final class TotpRoutes {
    private final TwoFactor twoFactor;
    private final Users users;
    private final Logins logins;
    private final LoginThrottle throttle;
    private final ObjectMapper mapper;

    TotpRoutes(TwoFactor twoFactor, Users users, Logins logins, LoginThrottle throttle, ObjectMapper mapper) {
        this.twoFactor = twoFactor;
        this.users = users;
        this.logins = logins;
        this.throttle = throttle;
        this.mapper = mapper;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/api/v1/auth/totp/enroll", Permission.SELF_WRITE, this::enroll),
                Route.get("/api/v1/auth/totp/qr.svg", Permission.SELF_READ, this::qr),
                Route.post("/api/v1/auth/totp/confirm", Permission.SELF_WRITE, this::confirm),
                Route.post("/api/v1/auth/totp/disable", Permission.SELF_WRITE, this::disable),
                Route.post("/api/v1/users/{id}/totp/reset", Permission.USERS_WRITE, this::reset));
    }

    private void enroll(Context ctx) {
        ctx.header("Cache-Control", "no-store").json(twoFactor.enroll(caller(ctx)));
    }

    private void qr(Context ctx) {
        String svg = twoFactor.pendingQrSvg(caller(ctx));
        ctx.header("Cache-Control", "no-store").contentType("image/svg+xml").result(svg);
    }

    private void confirm(Context ctx) {
        TotpCode body = Bodies.json(ctx, mapper, TotpCode.class, null);
        if (body == null || body.code() == null) throw new InvalidRequest("a JSON body with the code from the authenticator app is required");
        List<String> codes = twoFactor.confirm(caller(ctx), body.code());
        ctx.header("Cache-Control", "no-store").json(new RecoveryCodeList(codes));
    }

    private void disable(Context ctx) {
        TotpDisable body = Bodies.json(ctx, mapper, TotpDisable.class, null);
        if (body == null || body.password() == null || body.code() == null) {
            throw new InvalidRequest("a JSON body with password and code (a current code or a recovery code) is required");
        }
        User user = caller(ctx);
        if (!user.totpEnabled()) throw new TotpNotEnabled();
        // Password and code guessed with a stolen session count toward the same per-user limit as logins.
        throttle.checkUser(user.username());
        try {
            if (!logins.passwordMatches(user, body.password())) throw new PasswordWrong("the password or the code is wrong");
            twoFactor.disable(user, body.code());
        } catch (PasswordWrong e) {
            throttle.recordFailure(ctx.ip(), user.username());
            throw e;
        }
        throttle.recordSuccess(user.username());
        ctx.status(204);
    }

    private void reset(Context ctx) {
        twoFactor.reset(users.get(ctx.pathParam("id")));
        ctx.status(204);
    }

    private User caller(Context ctx) {
        return users.get(Principal.of(ctx).userId());
    }
}
