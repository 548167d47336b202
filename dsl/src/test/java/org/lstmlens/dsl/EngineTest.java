package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lstmlens.core.products.Products;

/** {@code lstm.engine()} tells the notebook user which pass runs their LSTMs. */
class EngineTest {

    @Test
    void should_name_the_fused_pass_and_the_product_kernel() {
        // surefire starts the JVM as the kernel does: with the Vector API module and C2
        assertThat(new Lstm().engine())
                .startsWith("fused vector pass (")
                .contains("-bit, up to ")
                .endsWith("; products: " + Products.current().name());
    }
}
