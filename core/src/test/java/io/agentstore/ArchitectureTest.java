package io.agentstore;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.agentstore.internal.shape.EngineSql;
import io.agentstore.internal.shape.Shape;
import io.agentstore.internal.store.AllShapes;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.PlainSQL;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries of the codebase, held by a test. */
class ArchitectureTest {

    private static final String[] PUBLIC_API = {
        "io.agentstore",
        "io.agentstore.sessions..",
        "io.agentstore.conversations..",
        "io.agentstore.micrometer..",
        "io.agentstore.memory..",
        "io.agentstore.tasks..",
        "io.agentstore.agents..",
        "io.agentstore.audit..",
        "io.agentstore.documents..",
        "io.agentstore.metrics..",
        "io.agentstore.lifecycle..",
        "io.agentstore.transfer.."
    };

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.agentstore");
    }

    @Test
    void thePublicApiExposesNoJooqTypesAndNoGeneratedRecords() {
        noClasses()
                .that()
                .resideInAnyPackage(PUBLIC_API)
                .and()
                .doNotHaveFullyQualifiedName(AgentStore.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.jooq..", "io.agentstore.internal.db.tables..", "io.agentstore.internal.db")
                .check(core);
    }

    @Test
    void thePublicApiNeverReachesIntoTheImplementation() {
        // AgentStore is the one door: it opens the implementation. Nothing else public imports it,
        // but for the factory of the library's exception (whose constructor is not public).
        noClasses()
                .that()
                .resideInAnyPackage(PUBLIC_API)
                .and()
                .doNotHaveFullyQualifiedName(AgentStore.class.getName())
                .should()
                .dependOnClassesThat(describe(
                        "are in the implementation, other than its exception factory",
                        c -> c.getPackageName().startsWith("io.agentstore.internal")
                                && !c.getName().equals("io.agentstore.internal.Failures")))
                .check(core);
    }

    @Test
    void generatedRecordsNeverLeaveTheImplementation() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.agentstore.internal..", "io.agentstore.internal.db..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.agentstore.internal.db.tables.records..")
                .check(core);
    }

    @Test
    void theImplementationUsesJooqsPublicDslOnly() {
        noClasses()
                .that()
                .resideInAPackage("io.agentstore.internal..")
                .and()
                .resideOutsideOfPackage("io.agentstore.internal.db..") // what jOOQ generated
                .should()
                .dependOnClassesThat(describe(
                        "are in org.jooq.impl other than DSL and SQLDataType",
                        c -> c.getPackageName().equals("org.jooq.impl")
                                && !c.getSimpleName().equals("DSL")
                                && !c.getSimpleName().equals("SQLDataType")))
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
        noClasses()
                .that()
                .resideInAPackage("io.agentstore..")
                .and()
                .doNotHaveSimpleName("Conn")
                .and()
                .doNotHaveSimpleName("SqliteEngine")
                .and()
                .doNotHaveSimpleName("SqliteCatalog")
                .and()
                .doNotHaveSimpleName("SqliteFiles")
                .and()
                .doNotHaveSimpleName("PostgresCatalog")
                .and()
                .doNotHaveSimpleName("PlanCheck")
                .and()
                .doNotHaveSimpleName("PostgresPlanCheck")
                .should()
                .callMethod(Connection.class, "prepareStatement", String.class)
                .orShould()
                .callMethod(Connection.class, "createStatement")
                .orShould()
                .callMethod(Statement.class, "execute", String.class)
                .orShould()
                .callMethod(Statement.class, "executeQuery", String.class)
                .orShould()
                .callMethod(Statement.class, "executeUpdate", String.class)
                .check(core);
    }

    @Test
    void noPlainSqlOutsideTheEngineHelper() {
        // jOOQ marks every entry point that takes SQL text with @PlainSQL (DSL.field(String),
        // DSL.function(String, …), DSLContext.resultQuery(String, …), the generated tables'
        // where(String) …). Named functions and RETURNING differ per engine: EngineSql writes them
        // once, per dialect; nothing else may.
        noClasses()
                .that()
                .resideInAPackage("io.agentstore..")
                .and()
                .resideOutsideOfPackage("io.agentstore.internal.db..")
                .and()
                .doNotBelongToAnyOf(EngineSql.class)
                .should()
                .callMethodWhere(describe(
                        "a jOOQ plain-SQL method (@PlainSQL)",
                        (JavaCall<?> call) -> call.getTarget().isAnnotatedWith(PlainSQL.class)))
                .orShould()
                .callMethodWhere(describe(
                        "DSL.function (an engine's named function)",
                        (JavaCall<?> call) -> call.getTargetOwner().isEquivalentTo(DSL.class)
                                && call.getName().equals("function")))
                .orShould()
                .callMethodWhere(describe(
                        "a jOOQ returning(…) (RETURNING is per engine)",
                        (JavaCall<?> call) ->
                                call.getTargetOwner().getPackageName().equals("org.jooq")
                                        && call.getName().equals("returning")))
                .orShould()
                .callMethodWhere(describe(
                        "DSLContext's plain-SQL fetch/execute",
                        (JavaCall<?> call) -> call.getTargetOwner().isAssignableTo(DSLContext.class)
                                && !call.getTarget().getRawParameterTypes().isEmpty()
                                && call.getTarget()
                                        .getRawParameterTypes()
                                        .get(0)
                                        .isEquivalentTo(String.class)))
                .check(core);
    }

    @Test
    void generatedCodeDependsOnThePublicApiOnlyThroughTheEnumsItsColumnsName() {
        noClasses()
                .that()
                .resideInAPackage("io.agentstore.internal.db..")
                .should()
                .dependOnClassesThat(describe(
                        "are library classes other than the enums of enumerated columns",
                        (JavaClass c) -> c.getPackageName().startsWith("io.agentstore")
                                && !c.getPackageName().startsWith("io.agentstore.internal.db")
                                && !c.isEnum()))
                .check(core);
    }

    @Test
    void theImplementationIsLayered() {
        // shape (definitions, rendering, values) <- database (connections, calls, the transaction
        // models, the WAL checkpointer) <- the engines (sqlite, postgres) and store (the aggregates);
        // the stores never see an engine, and the engines never see the stores or each other.
        String shape = "io.agentstore.internal.shape..";
        String database = "io.agentstore.internal.database..";
        String sqlite = "io.agentstore.internal.sqlite..";
        String postgres = "io.agentstore.internal.postgres..";
        String store = "io.agentstore.internal.store..";
        noClasses()
                .that()
                .resideInAPackage(shape)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(database, sqlite, postgres, store)
                .check(core);
        noClasses()
                .that()
                .resideInAPackage(database)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(sqlite, postgres, store)
                .check(core);
        noClasses()
                .that()
                .resideInAPackage(store)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(sqlite, postgres)
                .check(core);
        noClasses()
                .that()
                .resideInAPackage(sqlite)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(store, postgres)
                .check(core);
        noClasses()
                .that()
                .resideInAPackage(postgres)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(store, sqlite)
                .check(core);
    }

    @Test
    void everyClassThatDefinesShapesIsInTheRegistry() {
        Set<String> defining = new TreeSet<>();
        for (JavaClass c : core) {
            boolean definesShapes = c.getFields().stream()
                    .anyMatch(f -> f.getModifiers().contains(JavaModifier.STATIC)
                            && f.getRawType().isEquivalentTo(Shape.class));
            if (definesShapes) {
                defining.add(c.getName());
            }
        }
        // Shapes made in a loop (one set per table) are kept in collections: their class is known
        // by the shapes themselves.
        for (Shape s : AllShapes.all()) {
            defining.add(s.definedIn().getName());
        }
        Set<String> registered = new TreeSet<>();
        AllShapes.DEFINED_IN.forEach(c -> registered.add(c.getName()));
        assertThat(defining).isEqualTo(registered);
        // And every shape they define was registered on definition.
        for (Shape s : AllShapes.all()) {
            assertThat(registered).contains(s.definedIn().getName());
        }
    }
}
