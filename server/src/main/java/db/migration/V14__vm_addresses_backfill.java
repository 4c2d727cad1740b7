package db.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills {@code vm_addresses} (V13) from the addresses each VM's JSON column already holds. In
 * Java because neither H2 nor PostgreSQL parses that JSON with the same SQL. Flyway finds it by
 * its package, which is the migrations' location.
 */
public class V14__vm_addresses_backfill extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        try (Statement select = context.getConnection().createStatement();
             ResultSet rs = select.executeQuery("SELECT id, ips FROM vms WHERE ips IS NOT NULL");
             PreparedStatement insert = context.getConnection().prepareStatement("INSERT INTO vm_addresses (vm_id, address) VALUES (?, ?)")) {
            while (rs.next()) {
                for (String address : addresses(mapper, rs.getString("ips"))) {
                    insert.setString(1, rs.getString("id"));
                    insert.setString(2, address);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** The distinct addresses in a stored [{"address": …, "source": …}] list; nothing if it does not parse. */
    private static Set<String> addresses(ObjectMapper mapper, String json) {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (JsonNode ip : mapper.readTree(json)) {
                String address = ip.path("address").asText("");
                if (!address.isEmpty() && address.length() <= 64) out.add(address);
            }
        } catch (Exception unreadable) {
            // A row the server itself wrote always parses; one that does not keeps its JSON and gets no rows here.
        }
        return out;
    }
}
