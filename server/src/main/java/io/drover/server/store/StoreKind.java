package io.drover.server.store;

/** Which database the server runs on, decided by the JDBC URL. */
public enum StoreKind {
    H2("embedded H2"),
    POSTGRESQL("PostgreSQL");

    private final String label;

    StoreKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static StoreKind of(String url) {
        if (url.startsWith("jdbc:h2:")) return H2;
        if (url.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        throw new StoreUnavailable("unsupported --db-url (use jdbc:h2:… or jdbc:postgresql://…): " + Database.describe(url), null);
    }
}
