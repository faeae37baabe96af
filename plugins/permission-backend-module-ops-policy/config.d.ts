export interface Config {
  permission?: {
    /** Settings of the ops portal's permission policy. */
    opsPolicy?: {
      /**
       * Entity refs of the groups whose members may perform every ops mutation and delete any
       * catalog entity, e.g. `group:default/platform-admins`. A bare name means a group in the
       * default namespace. Members of other groups need to own the entity.
       */
      adminGroups?: string[];
    };
  };
}
