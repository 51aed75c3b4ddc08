package io.coldchain.server.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's OpenAPI document: what it is, how to sign in (HTTP Basic or an API token, so Swagger's
 * Authorize button works), and the problem details every operation may answer with besides its
 * success, so clients see the error shapes they must handle.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String BASIC = "basicAuth";
    static final String TOKEN = "apiToken";
    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI coldchainOpenApi() {
        String version = OpenApiConfig.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("coldchain API")
                        .version(version != null ? version : "v1")
                        .description(
                                """
                                Community fresh-produce retail that sells online and hands goods over offline: \
                                stores, locker banks and vehicles; catalogue and stock in lots; orders and their \
                                lifecycle; assignment to stores and locker compartments; delivery waves and routes; \
                                locker drop-off and resident pickup; cold-chain alerts, holds and reports.

                                Sign in with HTTP Basic or an API token (`Authorization: Bearer cct_...`, made at \
                                `POST /api/v1/api-tokens`). Every error is an RFC 9457 problem detail \
                                (`application/problem+json`) with a stable `type` such as `/problems/order-on-hold`; \
                                field errors list `{field, message}`. Updates carry the `version` they are based on.""")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                BASIC,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("user name and password"))
                        .addSecuritySchemes(
                                TOKEN,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("an API token (cct_...) from POST /api/v1/api-tokens"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BASIC))
                .addSecurityItem(new SecurityRequirement().addList(TOKEN));
    }

    /** Adds the problem answers an operation can give, where its own annotations say nothing. */
    @Bean
    OpenApiCustomizer problemAnswers() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
                ApiResponses responses = op.getResponses() != null ? op.getResponses() : new ApiResponses();
                boolean body = op.getRequestBody() != null;
                boolean input = body
                        || (op.getParameters() != null && !op.getParameters().isEmpty());
                boolean changes = method != PathItem.HttpMethod.GET;
                if (input) {
                    add(responses, "400", "The request is invalid: the problem names the field and what it expects");
                }
                add(responses, "401", "Not signed in, or the credential is wrong");
                add(responses, "403", "Signed in, but the role (or ownership) does not allow this");
                if (path.contains("{")) {
                    add(responses, "404", "Nothing with that id (or not yours)");
                }
                if (changes) {
                    add(
                            responses,
                            "409",
                            "The current state does not allow it (the problem says which state), or the version is stale");
                }
                if (body) {
                    add(responses, "413", "The body is larger than the configured limit");
                }
                add(responses, "429", "Too many failed sign-ins: locked for the time in Retry-After");
                add(responses, "500", "A fault of the server (logged with the request)");
                op.setResponses(responses);
            }));
        };
    }

    private static void add(ApiResponses responses, String status, String description) {
        if (responses.containsKey(status)) {
            return;
        }
        responses.addApiResponse(
                status,
                new ApiResponse()
                        .description(description)
                        .content(new Content()
                                .addMediaType(
                                        "application/problem+json",
                                        new MediaType()
                                                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        ObjectSchema fieldError = new ObjectSchema();
        fieldError.setProperties(Map.of("field", new StringSchema(), "message", new StringSchema()));
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details");
        problem.addProperty("type", new StringSchema().example("/problems/order-on-hold"));
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema());
        problem.addProperty("errors", new ArraySchema().items(fieldError));
        return problem;
    }
}
