package io.coldchain.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.testing.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every API endpoint states which roles may call it: none is left to "any authenticated user". */
@IntegrationTest
class EndpointRolesIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyApiEndpointDeclaresItsRoles() {
        List<String> apiEndpoints = mappings.getHandlerMethods().entrySet().stream()
                .filter(e -> e.getKey().getPatternValues().stream().anyMatch(p -> p.startsWith("/api/")))
                .map(e -> e.getValue().getMethod().getDeclaringClass().getSimpleName() + "."
                        + e.getValue().getMethod().getName())
                .toList();
        List<String> undeclared = mappings.getHandlerMethods().entrySet().stream()
                .filter(e -> e.getKey().getPatternValues().stream().anyMatch(p -> p.startsWith("/api/")))
                .filter(e -> !AnnotatedElementUtils.hasAnnotation(e.getValue().getMethod(), PreAuthorize.class))
                .map(e -> e.getKey().toString())
                .toList();
        assertThat(apiEndpoints).hasSizeGreaterThan(20);
        assertThat(undeclared).isEmpty();
    }
}
