package io.agentstore.bootapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The versions this build expects are agentstore-bom's, so that ChatApplicationTest checks the BOM's. */
class BomVersionsTest {

    @Test
    void theExpectedVersionsAreTheBomsOwn() throws Exception {
        Document bom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of(System.getProperty("bom.pom")).toFile());
        for (String[] p : new String[][] {
            {"flyway.version", "managed.flyway"},
            {"sqlite-jdbc.version", "managed.sqlite-jdbc"},
            {"jooq.version", "managed.jooq"},
            {"hikaricp.version", "managed.hikaricp"},
            {"postgresql.version", "managed.postgresql"}
        }) {
            String inBom =
                    bom.getElementsByTagName(p[0]).item(0).getTextContent().trim();
            assertThat(System.getProperty(p[1])).as(p[0]).isEqualTo(inBom);
        }
    }
}
