package io.fleetline.api.jobs;

import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.jobs.Jobs;
import java.time.Clock;

/** Registers every jobs operation Fleetline serves. */
public final class JobsApi {
    private JobsApi() {
    }

    public static void register(HandlerRegistry handlers, Jobs jobs, AccountScope scope, Clock clock) {
        JobHandlers.register(handlers, jobs, scope, clock);
        ExecutionHandlers.register(handlers, jobs.executions(), scope, clock);
        TemplateHandlers.register(handlers, jobs.templates());
        ManagedTemplateHandlers.register(handlers, jobs.managedTemplates(), scope.region());
        JobsDataHandlers.register(handlers, jobs.device(), scope, clock);
        EventConfigurationHandlers.register(handlers, jobs.eventConfigurations());
    }
}
