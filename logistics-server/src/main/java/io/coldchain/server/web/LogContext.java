package io.coldchain.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the ids a request is about into the log context while it is handled ({@code
 * /orders/{id}} gives {@code orderId}, {@code /alerts/{alertId}} gives {@code alertId}, and so on),
 * so every line it logs carries them (as fields in JSON logs).
 */
@Configuration(proxyBeanMethods = false)
class LogContext implements WebMvcConfigurer {

    /** Resource path segment to the log field its {@code {id}} names. */
    static final Map<String, String> FIELDS = Map.of(
            "orders", "orderId",
            "alerts", "alertId",
            "devices", "deviceId",
            "locker-banks", "lockerBankId",
            "routes", "routeId",
            "waves", "waveId",
            "stores", "storeId",
            "vehicles", "vehicleId");

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                        Object vars = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
                        if (pattern instanceof String p && vars instanceof Map<?, ?> values) {
                            String[] parts = p.split("/");
                            for (int i = 0; i + 1 < parts.length; i++) {
                                String field = FIELDS.get(parts[i]);
                                String next = parts[i + 1];
                                if (field != null && next.startsWith("{") && next.endsWith("}")) {
                                    Object value = values.get(next.substring(1, next.length() - 1));
                                    if (value != null) {
                                        MDC.put(field, value.toString());
                                    }
                                }
                            }
                        }
                        return true;
                    }

                    @Override
                    public void afterCompletion(
                            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
                        FIELDS.values().forEach(MDC::remove);
                    }
                })
                .addPathPatterns("/api/**");
    }
}
