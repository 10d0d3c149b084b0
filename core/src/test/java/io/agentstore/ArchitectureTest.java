package io.agentstore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries of the codebase, held by a test. */
class ArchitectureTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.agentstore");
    }

    @Test
    void thePublicApiExposesNoJooqTypesAndNoGeneratedRecords() {
        noClasses().that().resideInAPackage("io.agentstore..").and().resideOutsideOfPackages(
                        "io.agentstore.internal..", "io.agentstore.db..")
                .and().doNotHaveFullyQualifiedName(AgentStore.class.getName())
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "io.agentstore.db.tables..",
                        "io.agentstore.db")
                .check(core);
    }

    @Test
    void generatedRecordsNeverLeaveTheImplementation() {
        noClasses().that().resideOutsideOfPackages("io.agentstore.internal..", "io.agentstore.db..")
                .should().dependOnClassesThat().resideInAPackage("io.agentstore.db.tables.records..")
                .check(core);
    }

    @Test
    void theImplementationUsesJooqsPublicDslOnly() {
        noClasses().that().resideInAPackage("io.agentstore.internal..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "are in org.jooq.impl other than DSL and SQLDataType",
                        c -> c.getPackageName().equals("org.jooq.impl")
                                && !c.getSimpleName().equals("DSL") && !c.getSimpleName().equals("SQLDataType")))
                .check(core);
    }

    @Test
    void libraryCodeNeverPrintsToStdoutOrStderr() {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(core);
    }

    @Test
    void onlyTheConnectionLayerPreparesSql() {
        // Every statement with caller data is a rendered shape prepared by Conn; the engine and the
        // catalogue readers prepare only constant SQL with bound parameters.
        noClasses().that().resideInAPackage("io.agentstore..")
                .and().doNotHaveSimpleName("Conn").and().doNotHaveSimpleName("SqliteEngine")
                .and().doNotHaveSimpleName("SqliteCatalog").and().doNotHaveSimpleName("PlanCheck")
                .should().callMethod(java.sql.Connection.class, "prepareStatement", String.class)
                .orShould().callMethod(java.sql.Connection.class, "createStatement")
                .orShould().callMethod(java.sql.Statement.class, "execute", String.class)
                .orShould().callMethod(java.sql.Statement.class, "executeQuery", String.class)
                .orShould().callMethod(java.sql.Statement.class, "executeUpdate", String.class)
                .check(core);
    }

    @Test
    void noSqlIsBuiltFromStrings() {
        // jOOQ's plain-SQL entry points take SQL text; the library writes every statement in the
        // DSL instead. The one template (Shape.insertReturning) is a constant that composes
        // query parts, never caller data.
        // (Generated tables carry plain-SQL where(String) conveniences of their own: calling them counts too.)
        noClasses().that().resideInAPackage("io.agentstore..").and().resideOutsideOfPackage("io.agentstore.db..")
                .and().doNotHaveSimpleName("Shape")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a jOOQ plain-SQL method taking SQL text",
                        call -> !call.getTarget().getRawParameterTypes().isEmpty()
                                && call.getTarget().getRawParameterTypes().get(0).isEquivalentTo(String.class)
                                && (((call.getTargetOwner().isEquivalentTo(org.jooq.impl.DSL.class)
                                        || call.getTargetOwner().isAssignableTo(org.jooq.DSLContext.class))
                                    && java.util.Set.of("field", "condition", "sql", "query", "resultQuery", "table",
                                        "fetch", "execute", "keyword").contains(call.getName()))
                                || (call.getTargetOwner().getPackageName().startsWith("io.agentstore.db")
                                    && call.getName().equals("where")))))
                .check(core);
    }

    @Test
    void dependenciesPointOneWay() {
        noClasses().that().resideInAPackage("io.agentstore.db..")
                .should().dependOnClassesThat().resideInAnyPackage("io.agentstore.internal..", "io.agentstore.sessions..",
                        "io.agentstore.memory..")
                .check(core);
    }
}
