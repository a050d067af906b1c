package dev.servermonitor.gateway.support;

import dev.servermonitor.common.testing.CentralApiResource;
import dev.servermonitor.common.testing.TestDatabase;

/** The real central-api for the gateway's tests: credentials, stop requests, session records. */
public class GatewayCentralApi extends CentralApiResource {

    @Override
    protected String database() {
        return TestDatabase.name("terminal_gateway");
    }

    @Override
    protected String urlProperty() {
        return "gateway.central-api-url";
    }
}
