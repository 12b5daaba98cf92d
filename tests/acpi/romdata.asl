/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the laptop-firmware models in this directory share: the ROM image
 * (\OVRD, a Buffer that tests/helpers/mkromaml writes into its own table)
 * and two ways of failing that AML on real laptops fails with.
 */
DefinitionBlock ("", "SSDT", 2, "OVFTST", "ROMCOMMN", 1)
{
    External (\OVRD, BuffObj)

    /*
     * Bytes [Arg0, Arg0 + Arg1) of the image, zeros past its end: what a
     * read of the firmware's copy of the ROM in memory gives.
     */
    Method (\OVRB, 2, Serialized)
    {
        Local1 = SizeOf (\OVRD)
        If (Arg1 == Zero)
        {
            Return (Buffer (One) { 0x00 })
        }
        If (Arg0 >= Local1)
        {
            Return (Buffer (Arg1) {})
        }
        Local2 = Local1 - Arg0
        If (Local2 >= Arg1)
        {
            Return (Mid (\OVRD, Arg0, Arg1))
        }
        Return (Concatenate (Mid (\OVRD, Arg0, Local2),
            Buffer (Arg1 - Local2) {}))
    }

    /*
     * A one-byte region with a field past its end: reading OVLX fails
     * with AE_AML_REGION_LIMIT before any memory is touched, as a read
     * through a field longer than its region does on a laptop.
     */
    OperationRegion (\OVLR, SystemMemory, 0x000E0000, One)
    Field (\OVLR, ByteAcc, NoLock, Preserve)
    {
        Offset (0x01),
        OVLX,   8
    }

    Method (\OVFR, 0, Serialized)
    {
        Local0 = \OVLX
        Return (Local0)
    }

    /* A field made past the end of a buffer: AE_AML_BUFFER_LIMIT. */
    Name (\OVLB, Buffer (One) { 0x00 })

    Method (\OVFB, 0, Serialized)
    {
        Local0 = SizeOf (\OVLB)
        CreateByteField (\OVLB, Local0, OVLY)
        Local1 = OVLY
        Return (Local1)
    }
}
