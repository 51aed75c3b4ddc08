package io.coldchain.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;

/** A request's path ids go into the log context while it is handled, and out afterwards. */
class LogContextTest {

    @Test
    void pathIdsBecomeLogFieldsForTheRequest() throws Exception {
        HandlerInterceptor interceptor = interceptor();
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/routes/7/stops/2/open");
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/v1/routes/{id}/stops/{seq}/open");
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("id", "7", "seq", "2"));
        interceptor.preHandle(request, new MockHttpServletResponse(), new Object());
        assertThat(MDC.get("routeId")).isEqualTo("7");
        assertThat(MDC.get("orderId")).isNull();
        interceptor.afterCompletion(request, new MockHttpServletResponse(), new Object(), null);
        assertThat(MDC.get("routeId")).isNull();

        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/v1/alerts/{alertId}/resolve");
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("alertId", "6f1c"));
        interceptor.preHandle(request, new MockHttpServletResponse(), new Object());
        assertThat(MDC.get("alertId")).isEqualTo("6f1c");
        interceptor.afterCompletion(request, new MockHttpServletResponse(), new Object(), null);
        assertThat(MDC.get("alertId")).isNull();
    }

    private static HandlerInterceptor interceptor() {
        HandlerInterceptor[] found = new HandlerInterceptor[1];
        new LogContext().addInterceptors(new InterceptorRegistry() {
            @Override
            public org.springframework.web.servlet.config.annotation.InterceptorRegistration addInterceptor(
                    HandlerInterceptor interceptor) {
                found[0] = interceptor;
                return super.addInterceptor(interceptor);
            }
        });
        return found[0];
    }
}
