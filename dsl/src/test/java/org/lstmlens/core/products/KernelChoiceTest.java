package org.lstmlens.core.products;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lstmlens.error.NameException;

class KernelChoiceTest {

    @Test
    void should_prefer_native_blas_where_it_loads() {
        Products nativeBlas = KernelChoice.nativeBlas();
        Products best = KernelChoice.best();

        if (System.getProperty(KernelChoice.PROPERTY) == null) {
            assertThat(best.name()).isEqualTo(nativeBlas != null ? "native-blas" : "java-blocked");
        }
    }

    @Test
    void should_name_the_kernels_it_knows() {
        assertThat(KernelChoice.named("ejml")).isSameAs(Products.EJML);
        assertThat(KernelChoice.named(" Java ").name()).isEqualTo("java-blocked");
    }

    @Test
    void should_reject_an_unknown_kernel_naming_the_valid_ones() {
        assertThatThrownBy(() -> KernelChoice.named("mkl"))
                .isInstanceOf(NameException.class)
                .hasMessage("Unknown product kernel \"mkl\" at -Dlstmlens.products; expected one of ejml, native,"
                        + " java");
    }
}
