package io.drover.server.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.identity.CreatedUser;
import io.drover.protocol.identity.PasswordChange;
import io.drover.protocol.identity.UserRequest;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Bodies;
import io.drover.server.http.Cursor;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Paging;
import io.drover.server.http.Route;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/users}: admins create, change, disable and remove users and reset their passwords. */
final class UserRoutes {
    private final Users users;
    private final ObjectMapper mapper;

    UserRoutes(Users users, ObjectMapper mapper) {
        this.users = users;
        this.mapper = mapper;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/users", Permission.USERS_READ, this::list),
                Route.post("/api/v1/users", Permission.USERS_WRITE, this::create),
                Route.get("/api/v1/users/{id}", Permission.USERS_READ, this::show),
                Route.patch("/api/v1/users/{id}", Permission.USERS_WRITE, this::update),
                Route.delete("/api/v1/users/{id}", Permission.USERS_WRITE, this::delete),
                Route.post("/api/v1/users/{id}/password", Permission.USERS_WRITE, this::resetPassword));
    }

    private void list(Context ctx) {
        int limit = Paging.limit(ctx);
        List<User> rows = users.page(Cursor.decode(ctx.queryParam("cursor")), limit + 1);
        ctx.json(Paging.page(rows, limit, r -> Cursor.encode(r.username()), User::info));
    }

    private void create(Context ctx) {
        UserRequest request = Bodies.json(ctx, mapper, UserRequest.class, null);
        if (request == null) throw new InvalidRequest("a JSON body with the user's username is required");
        Users.Created created = users.create(request);
        ctx.status(201).header("Cache-Control", "no-store").json(new CreatedUser(created.user().info(), created.generatedPassword()));
    }

    private void show(Context ctx) {
        ctx.json(users.get(ctx.pathParam("id")).info());
    }

    private void update(Context ctx) {
        User user = users.get(ctx.pathParam("id"));
        UserRequest request = Bodies.json(ctx, mapper, UserRequest.class, null);
        if (request == null) throw new InvalidRequest("a JSON body with the fields to change is required");
        ctx.json(users.update(user.id(), request, Principal.of(ctx)).info());
    }

    private void delete(Context ctx) {
        users.delete(users.get(ctx.pathParam("id")).id(), Principal.of(ctx));
        ctx.status(204);
    }

    private void resetPassword(Context ctx) {
        User user = users.get(ctx.pathParam("id"));
        PasswordChange change = Bodies.json(ctx, mapper, PasswordChange.class, new PasswordChange(null, null));
        String generated = users.resetPassword(user.id(), change.newPassword(), !Boolean.FALSE.equals(change.revokeTokens()));
        if (generated == null) ctx.status(204);
        else ctx.header("Cache-Control", "no-store").json(Map.of("password", generated));
    }
}
