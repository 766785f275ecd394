package io.chorus.api.customers;

import io.chorus.api.access.Allowed;
import io.chorus.api.access.Role;
import io.chorus.api.decisions.DecisionAudit;
import io.chorus.api.operations.JsonResponses;
import io.chorus.api.problems.BadRequestException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;

import java.util.List;

@Controller("/v1/customers")
public class CustomerController {
    private final CustomerService customers;
    private final DecisionAudit audit;

    public CustomerController(CustomerService customers, DecisionAudit audit) {
        this.customers = customers;
        this.audit = audit;
    }

    /** 201 with the stored context when the customer is new, 200 when the profile was replaced. */
    @Put("/{customerId}")
    @Allowed(Role.RECORDER)
    public HttpResponse<byte[]> saveProfile(String customerId, @Nullable @Body byte[] body) {
        CustomerService.ProfileSaved saved = customers.saveProfile(customerId, body);
        return JsonResponses.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK, saved.context());
    }

    /** GET /v1/customers?identifier=TYPE:VALUE: who answers to this identifier, once normalised (docs/api.md). */
    @Get
    @Allowed(Role.CHANNEL)
    public HttpResponse<byte[]> find(HttpRequest<?> request) {
        // Read as sent: a List-typed @QueryValue would split a value at its commas.
        List<String> identifier = request.getParameters().getAll("identifier");
        if (identifier.size() > 1) {
            throw BadRequestException.of("identifier", "give one identifier, not " + identifier.size());
        }
        String typeAndValue = identifier.isEmpty() ? null : identifier.get(0);
        return JsonResponses.ok(new CustomerFound(customers.customerIdOf(typeAndValue)));
    }

    public record CustomerFound(String customerId) {
    }

    /** GET /v1/customers/{id}/decisions?limit=N: what every channel told this customer, newest first. */
    @Get("/{customerId}/decisions")
    @Allowed(Role.CHANNEL)
    public HttpResponse<byte[]> decisions(String customerId, HttpRequest<?> request) {
        return JsonResponses.ok(audit.forCustomer(customerId, request.getParameters().get("limit")));
    }

    @Get("/{customerId}/context")
    @Allowed(Role.CHANNEL)
    public HttpResponse<byte[]> context(String customerId) {
        return JsonResponses.ok(customers.context(customerId));
    }
}
