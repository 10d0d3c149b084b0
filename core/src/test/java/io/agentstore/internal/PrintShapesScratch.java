package io.agentstore.internal;
import org.junit.jupiter.api.Test;
class PrintShapesScratch extends io.agentstore.StoreTestBase {
  @Test void print() throws Exception {
    database();
    try (var c = rawConnection()) {
      for (var v : PlanCheck.check(c, new RenderedShapes(org.jooq.SQLDialect.SQLITE))) System.err.println(v.shape() + " " + v.plan());
    }
  }
}
