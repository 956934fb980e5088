package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

/** GET /api/openapi.json describes every call of the REST DSL as a valid OpenAPI 3 document. */
class OpenApiTest extends EndToEndTest {

    @Autowired
    CamelContext camel;

    private OpenAPI parsed(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        assertThat(result.getMessages()).as("OpenAPI validation messages").isEmpty();
        return result.getOpenAPI();
    }

    @Test
    void describesEveryRestCallAsValidOpenApi3() {
        ResponseEntity<String> answer = http.getForEntity("/api/openapi.json", String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/json");
        OpenAPI api = parsed(answer.getBody());
        assertThat(api.getOpenapi()).startsWith("3.");
        assertThat(api.getInfo().getTitle()).isEqualTo("contact-sync REST API");
        assertThat(api.getInfo().getVersion()).isNotBlank();

        List<RestDefinition> rests = camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions();
        List<VerbDefinition> verbs = rests.stream().flatMap(r -> r.getVerbs().stream()).toList();
        assertThat(verbs).hasSizeGreaterThanOrEqualTo(6);
        for (VerbDefinition verb : verbs) {
            String path = verb.getRest().getPath() + verb.getPath();
            PathItem item = api.getPaths().get(path);
            assertThat(item).as("path %s", path).isNotNull();
            Operation operation = item.readOperationsMap()
                    .get(PathItem.HttpMethod.valueOf(verb.asVerb().toUpperCase(Locale.ROOT)));
            assertThat(operation).as("%s %s", verb.asVerb(), path).isNotNull();
            assertThat(operation.getOperationId()).isEqualTo(verb.getId());
            assertThat(operation.getSummary()).as("summary of %s", verb.getId()).isNotBlank();
            assertThat(operation.getResponses().keySet()).as("responses of %s", verb.getId())
                    .anyMatch(code -> code.startsWith("2"));
        }
    }

    @Test
    void namesTheBodiesParametersAndAnswersTheClientsNeed() {
        OpenAPI api = parsed(http.getForObject("/api/openapi.json", String.class));

        Operation push = api.getPaths().get("/api/pushes").getPost();
        assertThat(push.getRequestBody().getContent().get("application/json").getSchema().get$ref())
                .endsWith("/PushRequest");
        assertThat(api.getComponents().getSchemas().get("PushRequest").getProperties())
                .containsKeys("contactIds", "requestedBy");
        assertThat(push.getResponses()).containsKeys("202", "400", "404");
        Operation list = api.getPaths().get("/api/contacts").getGet();
        assertThat(list.getParameters()).extracting(p -> p.getName()).contains("status", "search", "page", "size");
        assertThat(list.getParameters().get(0).getSchema().getEnum()).asList()
                .contains("PENDING", "EXPORTED", "FAILED", "DUPLICATE");
        assertThat(api.getComponents().getSchemas().get("ContactView").getProperties()).containsKeys("email", "export");
        // the limits intake holds contacts to (ContactLimits), stated where clients read them
        Schema<?> contact = api.getComponents().getSchemas().get("Contact");
        assertThat(((Schema<?>) contact.getProperties().get("email")).getMaxLength()).isEqualTo(80);
        assertThat(((Schema<?>) contact.getProperties().get("notes")).getMaxLength()).isEqualTo(32_000);
        assertThat(api.getPaths().get("/api/contacts").getPost().getResponses()).containsKeys("201", "400", "413", "415");
        assertThat(api.getComponents().getSchemas().get("ExportState").getProperties())
                .containsKeys("status", "object", "salesforceId", "exportedAt", "attempts", "error");
        SecurityScheme basic = api.getComponents().getSecuritySchemes().get("basic");
        assertThat(basic.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(basic.getScheme()).isEqualTo("basic");
        assertThat(api.getSecurity()).anyMatch(requirement -> requirement.containsKey("basic"));
    }
}
