package dev.servermonitor.api;

import dev.servermonitor.common.testing.ServiceLifecycleContractIT;

class CentralApiLifecycleIT extends ServiceLifecycleContractIT {

    @Override
    protected String serviceName() {
        return "central_api";
    }
}
